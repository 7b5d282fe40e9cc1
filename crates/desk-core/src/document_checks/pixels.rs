//! Pixel statistics on the small grey "work image" the checks share. Hand-written rather
//! than taken from `imageproc`: each is a few lines over a `&[u8]`, and `imageproc` would
//! bring `nalgebra` and friends into every build for three loops.

use image::RgbImage;

/// A grey image, row-major, one byte per pixel.
pub(crate) struct Grey<'a> {
    pub width: usize,
    pub height: usize,
    pub pixels: &'a [u8],
}

impl Grey<'_> {
    fn at(&self, x: usize, y: usize) -> i32 {
        i32::from(self.pixels[y * self.width + x])
    }
}

/// Shrinks `image` by the smallest whole factor that brings its longer side to at most
/// `max_side`, each output pixel the average of a k × k block. An area average keeps
/// what blur detection needs (a sharp edge stays sharp, noise averages out) and costs one
/// pass; `image`'s general resamplers take several times longer on a 12 MP photo.
pub(crate) fn box_downscale(image: &RgbImage, max_side: u32) -> RgbImage {
    let longer = image.width().max(image.height());
    let k = longer.div_ceil(max_side).max(1);
    if k == 1 {
        return image.clone();
    }
    let (width, height) = ((image.width() / k).max(1), (image.height() / k).max(1));
    let stride = image.width() as usize * 3;
    let raw = image.as_raw();
    let mut out = Vec::with_capacity(width as usize * height as usize * 3);
    let mut sums = vec![0u32; width as usize * 3];
    for oy in 0..height as usize {
        sums.iter_mut().for_each(|s| *s = 0);
        for y in oy * k as usize..(oy + 1) * k as usize {
            let row = &raw[y * stride..y * stride + width as usize * k as usize * 3];
            for (block, sum) in row
                .chunks_exact(k as usize * 3)
                .zip(sums.chunks_exact_mut(3))
            {
                let (mut r, mut g, mut b) = (0u32, 0u32, 0u32);
                for pixel in block.chunks_exact(3) {
                    r += u32::from(pixel[0]);
                    g += u32::from(pixel[1]);
                    b += u32::from(pixel[2]);
                }
                sum[0] += r;
                sum[1] += g;
                sum[2] += b;
            }
        }
        let area = k * k;
        out.extend(sums.iter().map(|&s| (s / area) as u8));
    }
    RgbImage::from_raw(width, height, out).expect("the buffer is width × height × 3")
}

/// Variance of the 4-neighbour Laplacian over the interior pixels: high where there are
/// sharp edges (text, photo details), low for a blurred image.
pub(crate) fn laplacian_variance(grey: &Grey) -> f64 {
    if grey.width < 3 || grey.height < 3 {
        return 0.0;
    }
    let (mut sum, mut sum_sq, mut n) = (0f64, 0f64, 0f64);
    for y in 1..grey.height - 1 {
        for x in 1..grey.width - 1 {
            let l = grey.at(x - 1, y) + grey.at(x + 1, y) + grey.at(x, y - 1) + grey.at(x, y + 1)
                - 4 * grey.at(x, y);
            let l = f64::from(l);
            sum += l;
            sum_sq += l * l;
            n += 1.0;
        }
    }
    let mean = sum / n;
    sum_sq / n - mean * mean
}

/// Otsu's threshold: the grey level that best splits the histogram into two classes.
pub(crate) fn otsu_threshold(pixels: &[u8]) -> u8 {
    let mut histogram = [0u64; 256];
    for &p in pixels {
        histogram[p as usize] += 1;
    }
    let total = pixels.len() as f64;
    let sum_all: f64 = histogram
        .iter()
        .enumerate()
        .map(|(i, &c)| i as f64 * c as f64)
        .sum();
    let (mut weight_low, mut sum_low) = (0f64, 0f64);
    let (mut best, mut best_level) = (0f64, 0u8);
    for (level, &count) in histogram.iter().enumerate() {
        weight_low += count as f64;
        if weight_low == 0.0 {
            continue;
        }
        let weight_high = total - weight_low;
        if weight_high == 0.0 {
            break;
        }
        sum_low += level as f64 * count as f64;
        let mean_low = sum_low / weight_low;
        let mean_high = (sum_all - sum_low) / weight_high;
        let between = weight_low * weight_high * (mean_low - mean_high).powi(2);
        if between > best {
            best = between;
            best_level = level as u8;
        }
    }
    best_level
}

/// One 4-connected region of a mask.
#[derive(Debug, Clone, Default)]
pub(crate) struct Region {
    pub area: usize,
    pub min_x: usize,
    pub max_x: usize,
    pub min_y: usize,
    pub max_y: usize,
    /// Pixels of the region on the top, bottom, left and right edge of the frame.
    pub on_edges: [usize; 4],
}

impl Region {
    pub fn touches_frame(&self) -> bool {
        self.on_edges.iter().any(|&n| n > 0)
    }
}

/// The 4-connected regions of `mask` (row-major, `width` wide), largest first.
pub(crate) fn regions(mask: &[bool], width: usize) -> Vec<Region> {
    let height = mask.len() / width.max(1);
    let mut seen = vec![false; mask.len()];
    let mut found = Vec::new();
    let mut stack = Vec::new();
    for start in 0..mask.len() {
        if !mask[start] || seen[start] {
            continue;
        }
        let mut region = Region {
            min_x: usize::MAX,
            min_y: usize::MAX,
            ..Region::default()
        };
        seen[start] = true;
        stack.push(start);
        while let Some(i) = stack.pop() {
            let (x, y) = (i % width, i / width);
            region.area += 1;
            region.min_x = region.min_x.min(x);
            region.max_x = region.max_x.max(x);
            region.min_y = region.min_y.min(y);
            region.max_y = region.max_y.max(y);
            region.on_edges[0] += usize::from(y == 0);
            region.on_edges[1] += usize::from(y + 1 == height);
            region.on_edges[2] += usize::from(x == 0);
            region.on_edges[3] += usize::from(x + 1 == width);
            let mut visit = |j: usize| {
                if mask[j] && !seen[j] {
                    seen[j] = true;
                    stack.push(j);
                }
            };
            if x > 0 {
                visit(i - 1);
            }
            if x + 1 < width {
                visit(i + 1);
            }
            if y > 0 {
                visit(i - width);
            }
            if y + 1 < height {
                visit(i + width);
            }
        }
        found.push(region);
    }
    found.sort_by_key(|r| std::cmp::Reverse(r.area));
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn laplacian_is_zero_on_flat_and_high_on_a_checkerboard() {
        let flat = vec![128u8; 100];
        let grey = Grey {
            width: 10,
            height: 10,
            pixels: &flat,
        };
        assert_eq!(laplacian_variance(&grey), 0.0);
        let board: Vec<u8> = (0..100)
            .map(|i| if (i % 10 + i / 10) % 2 == 0 { 0 } else { 255 })
            .collect();
        let grey = Grey {
            width: 10,
            height: 10,
            pixels: &board,
        };
        assert!(laplacian_variance(&grey) > 100_000.0);
    }

    #[test]
    fn box_downscale_averages_blocks() {
        let image = RgbImage::from_fn(8, 4, |x, _| {
            image::Rgb([if x % 2 == 0 { 0 } else { 200 }, 10, 20])
        });
        let small = box_downscale(&image, 4);
        assert_eq!((small.width(), small.height()), (4, 2));
        assert!(small.pixels().all(|p| p.0 == [100, 10, 20]));
        assert_eq!(box_downscale(&image, 8).dimensions(), (8, 4));
    }

    #[test]
    fn otsu_splits_two_levels() {
        let mut pixels = vec![40u8; 50];
        pixels.extend(vec![200u8; 50]);
        let t = otsu_threshold(&pixels);
        assert!((40..200).contains(&t), "{t}");
    }

    #[test]
    fn regions_are_found_with_their_frame_contact() {
        // 4x3: a blob in the middle, one in the top-left corner.
        #[rustfmt::skip]
        let mask = [
            true,  false, false, false,
            false, true,  true,  false,
            false, false, false, false,
        ];
        let found = regions(&mask, 4);
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].area, 2);
        assert!(!found[0].touches_frame());
        assert!(found[1].touches_frame());
        assert_eq!(found[1].on_edges, [1, 0, 1, 0]);
    }
}
