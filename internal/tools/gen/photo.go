package gen

import (
	"image"
	"math"
	"math/rand/v2"
)

// Photo draws a w×h picture with what makes photographs costly to encode,
// for measuring image encoders without third-party photos: a sky with a
// soft gradient and clouds, ridges of hills with fractal texture, foliage
// and buildings with sharp edges, and sensor grain. The same seed gives the
// same picture.
func Photo(seed uint64, w, h int) *image.RGBA {
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	noise := newValueNoise(rng)
	// A palette per picture: dawn, noon or dusk, green or dry land.
	skyTop := [3]float64{40 + rng.Float64()*60, 90 + rng.Float64()*60, 170 + rng.Float64()*70}
	skyLow := [3]float64{200 + rng.Float64()*50, 170 + rng.Float64()*60, 140 + rng.Float64()*90}
	land := [3]float64{50 + rng.Float64()*90, 70 + rng.Float64()*80, 30 + rng.Float64()*40}
	scale := 1 / float64(max(w, h))
	ridges := 3 + rng.IntN(2)
	base := make([]float64, ridges)
	for i := range base {
		base[i] = 0.45 + 0.12*float64(i) + rng.Float64()*0.05
	}
	type block struct {
		x0, x1, y0 float64
		c          [3]float64
	}
	var blocks []block
	for range 3 + rng.IntN(6) {
		x0 := rng.Float64()
		blocks = append(blocks, block{x0, x0 + 0.03 + rng.Float64()*0.08, 0.2 + rng.Float64()*0.3,
			[3]float64{120 + rng.Float64()*120, 110 + rng.Float64()*120, 100 + rng.Float64()*120}})
	}
	for y := range h {
		fy := float64(y) / float64(h)
		for x := range w {
			fx := float64(x) / float64(w)
			u, v := float64(x)*scale, float64(y)*scale
			// Sky with clouds.
			t := fy / 0.6
			c := [3]float64{}
			for k := range 3 {
				c[k] = skyTop[k] + (skyLow[k]-skyTop[k])*min(t, 1)
			}
			cloud := max(0, noise.fbm(u*4, v*8, 5)-0.55) * 2.2
			for k := range 3 {
				c[k] += (245 - c[k]) * min(cloud, 1)
			}
			for i := range ridges {
				if i == 1 {
					// Buildings stand between the farthest ridge and the
					// nearer ones.
					for _, b := range blocks {
						if fx >= b.x0 && fx < b.x1 && fy >= b.y0 {
							c = b.c
							if (x/6)%3 == 0 && (y/8)%2 == 0 {
								c = [3]float64{40, 45, 60} // windows
							}
						}
					}
				}
				edge := base[i] + 0.08*noise.fbm(u*3+float64(i)*7, float64(i), 4)
				if fy > edge {
					shade := 1 - 0.18*float64(i)
					tex := 0.7*noise.fbm(u*40+float64(i)*3, v*40, 4) + 0.3*noise.fbm(u*400, v*400, 2)
					for k := range 3 {
						c[k] = land[k] * shade * (0.6 + 0.8*tex)
					}
				}
			}
			// Grain.
			g := (rng.Float64() - 0.5) * 10
			o := img.PixOffset(x, y)
			for k := range 3 {
				img.Pix[o+k] = uint8(math.Max(0, math.Min(255, c[k]+g)))
			}
			img.Pix[o+3] = 255
		}
	}
	return img
}

// valueNoise is smooth random noise on a lattice, summed over octaves
// (fbm) into the self-similar texture of clouds, hills and leaves.
type valueNoise struct {
	lattice [256]float64
	perm    [512]int
}

func newValueNoise(rng *rand.Rand) *valueNoise {
	n := &valueNoise{}
	for i := range n.lattice {
		n.lattice[i] = rng.Float64()
	}
	p := rng.Perm(256)
	for i := range n.perm {
		n.perm[i] = p[i%256]
	}
	return n
}

func (n *valueNoise) at(x, y float64) float64 {
	xi, yi := int(math.Floor(x)), int(math.Floor(y))
	tx, ty := x-math.Floor(x), y-math.Floor(y)
	sx, sy := tx*tx*(3-2*tx), ty*ty*(3-2*ty)
	v := func(i, j int) float64 { return n.lattice[n.perm[(n.perm[i&255]+j)&511]&255] }
	a := v(xi, yi) + (v(xi+1, yi)-v(xi, yi))*sx
	b := v(xi, yi+1) + (v(xi+1, yi+1)-v(xi, yi+1))*sx
	return a + (b-a)*sy
}

func (n *valueNoise) fbm(x, y float64, octaves int) float64 {
	sum, amp, norm := 0.0, 0.5, 0.0
	for range octaves {
		sum += amp * n.at(x, y)
		norm += amp
		x, y, amp = x*2, y*2, amp/2
	}
	return sum / norm
}
