package demo

import (
	"bytes"
	"context"
	"fmt"
	"hash/fnv"
	"image/png"
	"math"
	"math/rand/v2"
	"runtime"
	"sync"

	"warta/internal/media"
)

// The demo's pictures are drawn at Seed time: abstract compositions of
// gradients and simple shapes, one style and palette per article (named in
// its front matter), laid out by a random source seeded with the article's
// slug. Each size is drawn at that size, not scaled, so edges stay crisp.

// imageSizes are the widths written for every featured image: the original
// first, then the variants. All are 16:9.
var imageSizes = []int{1200, 800, 400}

// posterWidth is the width of the video poster.
const posterWidth = 960

// palette is the set of colours a style draws with.
type palette struct {
	top, bottom paint   // background gradient
	colors      []paint // shapes, darkest first
	dark, light paint   // outlines, stems, walls / markings
	ground      paint   // ground or water under stems
	glow        bool    // dots get a soft halo
}

var palettes = map[string]palette{
	"sea": {top: hex(0xdfeef5), bottom: hex(0xf4efe3), colors: []paint{hex(0x1d4e89), hex(0x2f6f9f), hex(0x4f97c4), hex(0x8cc3e0)},
		dark: hex(0x6b7680), light: hex(0xffffff)},
	"dusk": {top: hex(0xf39c5a), bottom: hex(0xf9d9a8), colors: []paint{hex(0x2b2160), hex(0x4a3c8c), hex(0x2f5d8c), hex(0x7fa7d9)},
		dark: hex(0x6b6f78), light: hex(0xffffff)},
	"city": {top: hex(0xf5efe2), bottom: hex(0xefe6d2), colors: []paint{hex(0xe07a1f), hex(0x1f8a8a), hex(0xc0392b)},
		dark: hex(0x2d3436), light: hex(0xffffff), ground: hex(0x6f7478)},
	"teal": {top: hex(0xeef1f3), bottom: hex(0xe1e7ea), colors: []paint{hex(0x1f8a8a), hex(0x1d3557), hex(0xf2c14e)},
		dark: hex(0x2d3436), light: hex(0xffffff)},
	"market": {top: hex(0xf7efe0), bottom: hex(0xf2e4c9), colors: []paint{hex(0xc0392b), hex(0xd35400), hex(0xe67e22), hex(0xf1c40f)},
		dark: hex(0x5d4037), light: hex(0xffffff)},
	"forest": {top: hex(0xf8f1c9), bottom: hex(0xf1e3a0), colors: []paint{hex(0x5d9c45), hex(0x7cb35b), hex(0x9ccc65)},
		dark: hex(0x2f5d34), light: hex(0xffffff), ground: hex(0x8b5a2b)},
	"lagoon": {top: hex(0xe4f2ee), bottom: hex(0xcfe8e1), colors: []paint{hex(0x2e7d32), hex(0x43a047), hex(0x7cb342)},
		dark: hex(0x6d4c33), light: hex(0xffffff), ground: hex(0x2f7f86)},
	"grass": {colors: []paint{hex(0x2e7d32), hex(0x4caf50)}, light: hex(0xffffff)},
	"pitch": {colors: []paint{hex(0x14532d), hex(0x65a30d)}, light: hex(0xffffff)},
	"sky": {top: hex(0x2f80c8), bottom: hex(0xcfeafa), colors: []paint{hex(0xd64541), hex(0xf5c518), hex(0xffffff)},
		dark: hex(0x263238), light: hex(0xffffff)},
	"ocean": {top: hex(0x12324f), bottom: hex(0x12324f), // flat: dots on a gradient compress badly
		colors: []paint{hex(0x2f9fbf), hex(0x3cc7b4), hex(0x86d0e8)},
		light:  hex(0xffffff)},
	"chili": {top: hex(0xf7f0e1), bottom: hex(0xf1e6cf), colors: []paint{hex(0xb71c1c), hex(0xe53935), hex(0x2e7d32), hex(0x66bb6a)},
		light: hex(0xffffff)},
	"night": {top: hex(0x11223f), bottom: hex(0x11223f),
		colors: []paint{hex(0xf08a4b), hex(0xf6c85f), hex(0xffe08a)},
		light:  hex(0xffffff), glow: true},
	"warm": {top: hex(0xfbd3a0), bottom: hex(0xf7a96b), colors: []paint{hex(0xf08c3a), hex(0xec6f8e), hex(0x1d3a6e)},
		light: hex(0xffd54f)},
}

// styles draw one composition on a canvas; r is seeded the same way for
// every size of one picture, so the sizes show the same layout.
var styles = map[string]func(c *canvas, r *rand.Rand, p palette){
	"waves":   func(c *canvas, r *rand.Rand, p palette) { drawWaves(c, r, p, false) },
	"wall":    func(c *canvas, r *rand.Rand, p palette) { drawWaves(c, r, p, true) },
	"route":   drawRoutes,
	"grid":    drawStalls,
	"stems":   drawStems,
	"field":   drawField,
	"kites":   drawKites,
	"dots":    drawDots,
	"dotgrid": drawDotGrid,
	"lanes":   drawLanes,
	"sun":     drawSun,
}

func drawWaves(c *canvas, r *rand.Rand, p palette, wall bool) {
	c.gradient(p.top, p.bottom)
	n := len(p.colors)
	for i := range n {
		if wall && i == 1 {
			c.roundRect(-c.w*0.05, c.h*0.44, c.w*1.05, c.h*0.56, c.w*0.006, p.dark)
			c.line(-c.w*0.05, c.h*0.44, c.w*1.05, c.h*0.44, c.w*0.006, p.light.with(0.35))
		}
		base := c.h * (0.42 + 0.14*float64(i))
		amp := c.h * (0.025 + 0.03*r.Float64())
		length := c.w * (0.25 + 0.3*r.Float64())
		phase := r.Float64() * 2 * math.Pi
		col := p.colors[n-1-i] // the lightest wave is the farthest
		c.below(func(x float64) float64 { return base + amp*math.Sin(x/length*2*math.Pi+phase) }, col)
	}
}

func drawRoutes(c *canvas, r *rand.Rand, p palette) {
	c.gradient(p.top, p.bottom)
	var stops [][2]float64
	for i, col := range p.colors {
		y := c.h * (0.25 + 0.25*float64(i))
		pts := []float64{-c.w * 0.05, y}
		for k := 1; k <= 4; k++ {
			x := c.w * (0.22*float64(k) + 0.06*(r.Float64()-0.5))
			y = math.Max(c.h*0.12, math.Min(c.h*0.88, y+c.h*0.3*(r.Float64()-0.5)))
			pts = append(pts, x, y)
			stops = append(stops, [2]float64{x, y})
		}
		pts = append(pts, c.w*1.05, y)
		c.polyline(pts, c.w*0.022, col)
	}
	for _, s := range stops {
		c.circle(s[0], s[1], c.w*0.017, p.light)
		c.ring(s[0], s[1], c.w*0.017, c.w*0.006, p.dark)
	}
}

func drawStalls(c *canvas, r *rand.Rand, p palette) {
	c.gradient(p.top, p.bottom)
	const rows, cols = 3, 6
	gap := c.w * 0.025
	cw := (c.w - gap*(cols+1)) / cols
	ch := (c.h - gap*(rows+1)) / rows
	for row := range rows {
		for col := range cols {
			x := gap + float64(col)*(cw+gap)
			y := gap + float64(row)*(ch+gap)
			inset := ch * 0.25 * r.Float64()
			c.roundRect(x, y+inset, x+cw, y+ch, c.w*0.014, p.colors[r.IntN(len(p.colors))])
			// A lighter awning strip across the top of each stall.
			c.roundRect(x, y+inset, x+cw, y+inset+ch*0.18, c.w*0.014, p.light.with(0.3))
		}
	}
}

func drawStems(c *canvas, r *rand.Rand, p palette) {
	c.gradient(p.top, p.bottom)
	ground := c.h * 0.78
	c.roundRect(-c.w*0.1, ground, c.w*1.1, c.h*1.1, 0, p.ground)
	const n = 7
	for i := range n {
		x := c.w * (float64(i) + 0.5 + 0.4*(r.Float64()-0.5)) / n
		top := c.h * (0.25 + 0.25*r.Float64())
		c.line(x, ground+c.h*0.04, x, top, c.w*0.012, p.dark)
		rad := c.w * (0.045 + 0.03*r.Float64())
		c.circle(x, top, rad, p.colors[r.IntN(len(p.colors))])
		c.circle(x+rad*0.35, top-rad*0.3, rad*0.45, p.light.with(0.18))
	}
}

func drawField(c *canvas, r *rand.Rand, p palette) {
	stripes := 8 + 2*r.IntN(4)
	sw := c.w / float64(stripes)
	for i := range stripes {
		c.roundRect(float64(i)*sw, -1, float64(i+1)*sw, c.h+1, 0, p.colors[i%2])
	}
	lw, m := c.w*0.006, c.w*0.04
	line := p.light.with(0.9)
	c.polyline([]float64{m, m, c.w - m, m, c.w - m, c.h - m, m, c.h - m, m, m}, lw, line)
	c.line(c.w/2, m, c.w/2, c.h-m, lw, line)
	c.ring(c.w/2, c.h/2, c.h*0.2, lw, line)
	c.circle(c.w/2, c.h/2, lw*1.4, line)
}

func drawKites(c *canvas, r *rand.Rand, p palette) {
	c.gradient(p.top, p.bottom)
	for i := range 5 {
		cx := c.w * (0.12 + 0.19*float64(i) + 0.06*(r.Float64()-0.5))
		cy := c.h * (0.2 + 0.35*r.Float64())
		w := c.w * (0.035 + 0.03*r.Float64())
		h := w * 1.35
		tilt := 0.5 * (r.Float64() - 0.5)
		rot := func(dx, dy float64) (float64, float64) {
			s, co := math.Sincos(tilt)
			return cx + dx*co - dy*s, cy + dx*s + dy*co
		}
		var pts []float64
		for _, d := range [][2]float64{{0, -h}, {w, 0}, {0, h * 1.3}, {-w, 0}} {
			x, y := rot(d[0], d[1])
			pts = append(pts, x, y)
		}
		tx, ty := pts[4], pts[5]
		tail := []float64{tx, ty}
		for k := 1; k <= 4; k++ {
			tail = append(tail, tx+c.w*0.018*math.Sin(float64(k)*1.7+tilt*6), ty+c.h*0.07*float64(k))
		}
		col := p.colors[i%len(p.colors)]
		c.polyline(tail, c.w*0.003, p.dark)
		c.polygon(pts, col)
		spine := col.mix(p.dark, 0.35)
		c.line(pts[0], pts[1], pts[4], pts[5], c.w*0.002, spine)
		c.line(pts[2], pts[3], pts[6], pts[7], c.w*0.002, spine)
	}
}

func drawDots(c *canvas, r *rand.Rand, p palette) {
	c.gradient(p.top, p.bottom)
	for range 38 {
		x, y := c.w*r.Float64(), c.h*r.Float64()
		rad := c.w * (0.012 + 0.045*r.Float64()*r.Float64())
		col := p.colors[r.IntN(len(p.colors))]
		if p.glow {
			c.circle(x, y, rad*2.2, col.with(0.12))
		}
		c.circle(x, y, rad, col.with(0.92))
	}
}

func drawDotGrid(c *canvas, r *rand.Rand, p palette) {
	c.gradient(p.top, p.bottom)
	const cols, rows = 16, 9
	fx, fy, ph := 1+2*r.Float64(), 1+2*r.Float64(), r.Float64()*math.Pi
	for j := range rows {
		for i := range cols {
			u, v := (float64(i)+0.5)/cols, (float64(j)+0.5)/rows
			// A smooth field decides each dot's size and colour, so the grid
			// reads like a chart rather than noise.
			f := 0.5 + 0.25*math.Sin(u*fx*math.Pi*2+ph) + 0.25*math.Cos(v*fy*math.Pi*2-ph)
			col := p.colors[min(int(f*float64(len(p.colors))), len(p.colors)-1)]
			c.circle(u*c.w, v*c.h, c.w*(0.004+0.018*f), col)
		}
	}
}

func drawLanes(c *canvas, _ *rand.Rand, p palette) {
	c.gradient(p.top, p.bottom)
	road0, road1 := c.h*0.22, c.h*0.86
	c.roundRect(-1, road0, c.w+1, road1, 0, p.ground)
	lane := (road1 - road0) * 0.2
	green := hex(0x2e9e5b)
	c.roundRect(-1, road0, c.w+1, road0+lane, 0, green)
	c.roundRect(-1, road1-lane, c.w+1, road1, 0, green)
	dash, lw := c.w*0.05, c.w*0.005
	for x := c.w * 0.01; x < c.w; x += dash * 2 {
		for _, y := range []float64{road0 + lane, road1 - lane, (road0 + road1) / 2} {
			c.line(x, y, x+dash, y, lw, p.light)
		}
	}
}

func drawSun(c *canvas, r *rand.Rand, p palette) {
	c.gradient(p.top, p.bottom)
	c.circle(c.w*0.5, c.h*0.56, c.w*0.17, p.light)
	for i, col := range p.colors {
		base := c.h * (0.6 + 0.13*float64(i))
		amp := c.h * 0.012 * (1 + r.Float64())
		length := c.w * (0.3 + 0.2*r.Float64())
		c.below(func(x float64) float64 { return base + amp*math.Sin(x/length*2*math.Pi) }, col)
	}
}

// drawPNG draws style in palette at width w (16:9) and returns the PNG.
func drawPNG(style, pal, seed string, w int) ([]byte, int, error) {
	draw, ok := styles[style]
	if !ok {
		return nil, 0, fmt.Errorf("unknown image style %q", style)
	}
	p, ok := palettes[pal]
	if !ok {
		return nil, 0, fmt.Errorf("unknown palette %q", pal)
	}
	h := w * 9 / 16
	c := newCanvas(w, h)
	hash := fnv.New64a()
	hash.Write([]byte(seed))
	draw(c, rand.New(rand.NewPCG(hash.Sum64(), 0x5eed)), p)
	var buf bytes.Buffer
	if err := png.Encode(&buf, c.paletted()); err != nil {
		return nil, 0, err
	}
	return buf.Bytes(), h, nil
}

// pictureJob is one file to draw and write.
type pictureJob struct {
	style, palette, seed string
	width                int
	file                 string // path relative to the media folder
	height               int    // set when done
	size                 int64  // set when done
}

// drawAll draws and writes the jobs into files in parallel.
func drawAll(ctx context.Context, files media.Storage, jobs []*pictureJob) error {
	var (
		wg    sync.WaitGroup
		mu    sync.Mutex
		first error
		next  = make(chan *pictureJob)
	)
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for j := range next {
				if err := j.run(ctx, files); err != nil {
					mu.Lock()
					if first == nil {
						first = err
					}
					mu.Unlock()
				}
			}
		})
	}
	for _, j := range jobs {
		next <- j
	}
	close(next)
	wg.Wait()
	return first
}

func (j *pictureJob) run(ctx context.Context, files media.Storage) error {
	data, h, err := drawPNG(j.style, j.palette, j.seed, j.width)
	if err != nil {
		return fmt.Errorf("demo: draw %s: %w", j.file, err)
	}
	// Replacing: the same picture is drawn the same way every time.
	if err := files.Put(ctx, j.file, bytes.NewReader(data), int64(len(data)), "image/png", true); err != nil {
		return fmt.Errorf("demo: %w", err)
	}
	j.height, j.size = h, int64(len(data))
	return nil
}
