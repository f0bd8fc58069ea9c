package web

// What the external tests (web_test) read of the package's insides.

// NotFoundRecent is how many recent stories the 404 page lists.
const NotFoundRecent = notFoundRecent
