package demo

import (
	"image"
	"image/color"
	"math"
	"slices"
)

// paint is a straight (not premultiplied) colour with an opacity.
type paint struct {
	r, g, b uint8
	a       float64 // 0..1
}

// hex returns the opaque colour 0xRRGGBB.
func hex(v uint32) paint {
	return paint{r: uint8(v >> 16), g: uint8(v >> 8), b: uint8(v), a: 1}
}

// with returns p at opacity a.
func (p paint) with(a float64) paint { p.a = a; return p }

// mix returns the colour t of the way from p to q.
func (p paint) mix(q paint, t float64) paint {
	l := func(a, b uint8) uint8 { return uint8(math.Round(float64(a) + (float64(b)-float64(a))*t)) }
	return paint{r: l(p.r, q.r), g: l(p.g, q.g), b: l(p.b, q.b), a: 1}
}

// canvas is an opaque RGBA image with anti-aliased shape filling. Every
// shape is a signed distance function (negative inside, in pixels): a pixel
// is covered in proportion to how far its centre lies inside the edge, which
// gives smooth edges at any size for the price of one function call per
// pixel of the shape's bounding box.
type canvas struct {
	img  *image.RGBA
	w, h float64
}

func newCanvas(w, h int) *canvas {
	return &canvas{img: image.NewRGBA(image.Rect(0, 0, w, h)), w: float64(w), h: float64(h)}
}

func (c *canvas) blend(x, y int, p paint, cover float64) {
	a := p.a * cover
	if a <= 0 {
		return
	}
	i := c.img.PixOffset(x, y)
	px := c.img.Pix[i : i+4 : i+4]
	mix := func(dst, src uint8) uint8 { return uint8(float64(dst) + (float64(src)-float64(dst))*a + 0.5) }
	px[0], px[1], px[2], px[3] = mix(px[0], p.r), mix(px[1], p.g), mix(px[2], p.b), 255
}

// gradient fills the canvas with a vertical gradient from top to bottom.
// Rows are uniform, which PNG's Up filter compresses to almost nothing.
// Shapes drawn over it should be opaque: a translucent one would take a
// different colour on every step.
func (c *canvas) gradient(top, bottom paint) {
	b := c.img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		// 64 steps at most: every step is a colour the PNG palette must hold.
		p := top.mix(bottom, math.Round(float64(y)/max(1, c.h-1)*64)/64)
		for x := b.Min.X; x < b.Max.X; x++ {
			i := c.img.PixOffset(x, y)
			c.img.Pix[i], c.img.Pix[i+1], c.img.Pix[i+2], c.img.Pix[i+3] = p.r, p.g, p.b, 255
		}
	}
}

// shape fills the pixels of the box (x0, y0)–(x1, y1) that sdf puts inside.
func (c *canvas) shape(x0, y0, x1, y1 float64, p paint, sdf func(x, y float64) float64) {
	b := c.img.Bounds()
	minX, minY := max(int(math.Floor(x0))-1, b.Min.X), max(int(math.Floor(y0))-1, b.Min.Y)
	maxX, maxY := min(int(math.Ceil(x1))+1, b.Max.X), min(int(math.Ceil(y1))+1, b.Max.Y)
	for y := minY; y < maxY; y++ {
		for x := minX; x < maxX; x++ {
			d := sdf(float64(x)+0.5, float64(y)+0.5)
			c.blend(x, y, p, min(1, 0.5-d))
		}
	}
}

func (c *canvas) circle(cx, cy, r float64, p paint) {
	c.shape(cx-r, cy-r, cx+r, cy+r, p, func(x, y float64) float64 {
		return hypot(x-cx, y-cy) - r
	})
}

// ring strokes a circle of radius r with a line of width w.
func (c *canvas) ring(cx, cy, r, w float64, p paint) {
	o := r + w/2
	c.shape(cx-o, cy-o, cx+o, cy+o, p, func(x, y float64) float64 {
		return math.Abs(hypot(x-cx, y-cy)-r) - w/2
	})
}

// line strokes a segment of width w with round ends.
func (c *canvas) line(ax, ay, bx, by, w float64, p paint) {
	o := w / 2
	dx, dy := bx-ax, by-ay
	l2 := max(dx*dx+dy*dy, 1e-9)
	c.shape(min(ax, bx)-o, min(ay, by)-o, max(ax, bx)+o, max(ay, by)+o, p,
		func(x, y float64) float64 {
			t := max(0, min(1, ((x-ax)*dx+(y-ay)*dy)/l2))
			return hypot(x-ax-t*dx, y-ay-t*dy) - o
		})
}

// polyline strokes the segments through pts (x, y pairs).
func (c *canvas) polyline(pts []float64, w float64, p paint) {
	for i := 0; i+3 < len(pts); i += 2 {
		c.line(pts[i], pts[i+1], pts[i+2], pts[i+3], w, p)
	}
}

// roundRect fills a rectangle with corners of radius rad.
func (c *canvas) roundRect(x0, y0, x1, y1, rad float64, p paint) {
	if rad <= 0 {
		c.rect(x0, y0, x1, y1, p)
		return
	}
	cx, cy, hx, hy := (x0+x1)/2, (y0+y1)/2, (x1-x0)/2-rad, (y1-y0)/2-rad
	c.shape(x0, y0, x1, y1, p, func(x, y float64) float64 {
		qx, qy := math.Abs(x-cx)-hx, math.Abs(y-cy)-hy
		return hypot(max(qx, 0), max(qy, 0)) + min(max(qx, qy), 0) - rad
	})
}

// rect fills an axis-aligned rectangle; edge pixels are covered by the
// fraction of them inside it.
func (c *canvas) rect(x0, y0, x1, y1 float64, p paint) {
	b := c.img.Bounds()
	overlap := func(i int, lo, hi float64) float64 {
		return max(0, min(float64(i+1), hi)-max(float64(i), lo))
	}
	for y := max(int(math.Floor(y0)), b.Min.Y); y < min(int(math.Ceil(y1)), b.Max.Y); y++ {
		cy := overlap(y, y0, y1)
		for x := max(int(math.Floor(x0)), b.Min.X); x < min(int(math.Ceil(x1)), b.Max.X); x++ {
			c.blend(x, y, p, cy*overlap(x, x0, x1))
		}
	}
}

// hypot is math.Hypot without the overflow care these small numbers do not need.
func hypot(x, y float64) float64 { return math.Sqrt(x*x + y*y) }

// polygon fills a convex polygon given as x, y pairs in either winding.
func (c *canvas) polygon(pts []float64, p paint) {
	n := len(pts) / 2
	minX, minY, maxX, maxY := pts[0], pts[1], pts[0], pts[1]
	area := 0.0
	for i := 0; i < n; i++ {
		x, y := pts[2*i], pts[2*i+1]
		nx, ny := pts[2*((i+1)%n)], pts[2*((i+1)%n)+1]
		area += x*ny - nx*y
		minX, minY, maxX, maxY = min(minX, x), min(minY, y), max(maxX, x), max(maxY, y)
	}
	sign := 1.0
	if area < 0 {
		sign = -1
	}
	c.shape(minX, minY, maxX, maxY, p, func(x, y float64) float64 {
		d := math.Inf(-1)
		for i := 0; i < n; i++ {
			ax, ay := pts[2*i], pts[2*i+1]
			bx, by := pts[2*((i+1)%n)], pts[2*((i+1)%n)+1]
			ex, ey := bx-ax, by-ay
			// Distance to the edge's line, positive on the outer side.
			e := sign * ((x-ax)*ey - (y-ay)*ex) / hypot(ex, ey)
			d = max(d, e)
		}
		return d
	})
}

// below fills everything under the curve y = f(x).
func (c *canvas) below(f func(x float64) float64, p paint) {
	b := c.img.Bounds()
	for x := b.Min.X; x < b.Max.X; x++ {
		top := f(float64(x) + 0.5)
		for y := max(int(math.Floor(top))-1, b.Min.Y); y < b.Max.Y; y++ {
			c.blend(x, y, p, min(1, 0.5-(top-float64(y)-0.5)))
		}
	}
}

// paletted returns the canvas as an image of at most 256 colours: its own
// colours when there are that few, else the 256 most used ones, every other
// colour (an anti-aliased edge pixel, mostly) taking the nearest of them.
// One byte per pixel makes the PNG several times smaller and faster to
// write, and the shapes' flat areas keep their exact colours.
func (c *canvas) paletted() *image.Paletted {
	pix := c.img.Pix
	at := func(i int) uint32 { return uint32(pix[i])<<16 | uint32(pix[i+1])<<8 | uint32(pix[i+2]) }
	// Count runs of equal pixels: flat areas cost one map update per run.
	counts := map[uint32]int{}
	run, last := 0, at(0)
	for i := 0; i < len(pix); i += 4 {
		if v := at(i); v != last {
			counts[last] += run
			run, last = 0, v
		}
		run++
	}
	counts[last] += run

	colors := make([]uint32, 0, len(counts))
	for v := range counts {
		colors = append(colors, v)
	}
	slices.SortFunc(colors, func(a, b uint32) int {
		if d := counts[b] - counts[a]; d != 0 {
			return d
		}
		return int(a) - int(b) // ties in a fixed order, so output is reproducible
	})
	if len(colors) > 256 {
		colors = colors[:256]
	}
	index := make(map[uint32]uint8, len(counts))
	pal := make(color.Palette, len(colors))
	for i, v := range colors {
		index[v] = uint8(i)
		pal[i] = color.RGBA{R: uint8(v >> 16), G: uint8(v >> 8), B: uint8(v), A: 255}
	}
	nearest := func(v uint32) uint8 {
		if i, ok := index[v]; ok {
			return i
		}
		best, bestD := 0, math.MaxInt
		for i, p := range colors {
			dr, dg, db := int(v>>16&0xff)-int(p>>16&0xff), int(v>>8&0xff)-int(p>>8&0xff), int(v&0xff)-int(p&0xff)
			if d := dr*dr + dg*dg + db*db; d < bestD {
				best, bestD = i, d
			}
		}
		index[v] = uint8(best)
		return uint8(best)
	}

	out := image.NewPaletted(c.img.Rect, pal)
	lastV, lastI := at(0), nearest(at(0))
	for i, j := 0, 0; i < len(pix); i, j = i+4, j+1 {
		if v := at(i); v != lastV {
			lastV, lastI = v, nearest(v)
		}
		out.Pix[j] = lastI
	}
	return out
}
