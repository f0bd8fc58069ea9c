.PHONY: build run test test-postgres ci lint

build:
	go build -o warta .

run:
	go run . serve

test:
	go test ./...

test-postgres:
	WARTA_TEST_POSTGRES_URL='postgres://postgres@127.0.0.1:5432/test?sslmode=disable' go test ./...

lint:
	gofmt -l $$(git ls-files '*.go')
	go vet ./...

ci:
	bash .ci/run
