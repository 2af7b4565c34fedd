//! What a page will cost to render, counted from its objects before hayro touches them.
//!
//! hayro decodes every stream whole and trusts the sizes an image declares: a 783-byte PDF
//! whose fax image claims a million pixels square asks for a terabyte, a Flate stream of a
//! megabyte inflates to a gigabyte, and forty nested forms that each draw the next twice are
//! a trillion drawings. None of that can be stopped once rendering has begun, so each page is
//! walked first with hayro's parser, the way the renderer will walk it: its content, the
//! forms, patterns, soft masks, Type 3 glyphs and annotation appearances it draws, and the
//! images (XObjects and inline) it shows. The walk
//! - checks every image's pixels against the pixel budget, from the largest size it declares
//!   anywhere: its dictionary, a fax image's `/Columns`, the JPEG, JPEG 2000 or JBIG2 header;
//! - counts every stream's decoded bytes while inflating it and stops at the byte budget;
//! - counts drawing work: operators, path segments, glyphs, and a form's work once for every
//!   time it is drawn, so fan-out and depth multiply as they will in the renderer.
//!
//! Every count comes from the bytes alone: the same page gets the same verdict on any
//! machine, and a page over a budget is refused in milliseconds. Each stream is decoded at
//! most once here, with its work remembered, so the walk itself is linear in the file.

use std::collections::{HashMap, HashSet};

use super::Exceeded;
use hayro::hayro_syntax::Filter;
use hayro::hayro_syntax::content::UntypedIter;
use hayro::hayro_syntax::object::{Array, Dict, Name, Object, ObjectIdentifier, Stream};
use hayro::hayro_syntax::page::{Page, Resources};

/// The budgets one page must fit before it is rendered.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Budget {
    /// Pixels of the largest image a page may draw.
    pub pixels: u64,
    /// Decoded bytes of all the streams a page draws, summed.
    pub bytes: u64,
    /// Drawing work, in operators and path segments, forms counted each time they are drawn.
    pub work: u64,
}

/// hayro draws forms, patterns and glyph procedures nested up to this depth and no deeper; it
/// has no other guard against a form that draws itself, so neither has the walk.
const MAX_DEPTH: usize = 50;

/// Device pixels whose painting costs one unit of work. Measured on hayro at 300 dpi without
/// anti-aliasing: 380,000 small rectangles (1.9 million units of operators) render in 0.3 s,
/// and a page-sized fill in about 0.5 ms, so about 2,000 pixels cost what one operator does.
const PIXELS_PER_UNIT: f64 = 2048.0;

/// What a clip costs the renderer in fills of the same area. Measured on hayro at 300 dpi: a
/// page-sized clip takes about 7.5 ms where a page-sized fill takes 0.5 ms (fuzzing found a
/// page of 290 nested page-sized forms: 2.2 s).
const CLIP_WEIGHT: u64 = 16;

/// Walks page `page`, as rendered at `dpi`, and checks it against `budget`.
pub(crate) fn check(page: &Page<'_>, budget: &Budget, dpi: f32) -> Result<(), Exceeded> {
    work(page, budget, dpi).map(|_| ())
}

/// The work of drawing page `page` at `dpi`, or the budget it goes over.
pub(crate) fn work(page: &Page<'_>, budget: &Budget, dpi: f32) -> Result<u64, Exceeded> {
    let mut walk = Walk {
        budget: *budget,
        bytes: 0,
        work: HashMap::new(),
        active: HashSet::new(),
        drawn: 0,
    };
    // Square pixels a square point covers; areas are counted in square points.
    let pixels = (f64::from(dpi) / 72.0).powi(2);
    let (width, height) = page.render_dimensions();
    let clip = f64::from(width) * f64::from(height);
    let mut total = Cost::default();
    let resources = page.resources();
    for stream in contents(page.raw()) {
        let data = walk.decode(&stream)?;
        total.add(walk.content(&data, resources, 0, clip, pixels)?);
        walk.spend(total.work(pixels))?;
    }
    if let Some(annotations) = page.raw().get::<Array<'_>>(b"Annots") {
        for annotation in annotations.iter::<Dict<'_>>() {
            let Some(appearances) = annotation.get::<Dict<'_>>(b"AP") else {
                continue;
            };
            for form in appearance_streams(&appearances) {
                let cost = walk.form(&form, 0)?;
                total.draw(cost, 1.0, clip);
                walk.spend(total.work(pixels))?;
            }
        }
    }
    Ok(total.work(pixels))
}

/// The graphics state the walk follows.
#[derive(Debug, Clone, Copy)]
struct State {
    /// The current transformation's scale (its determinant) relative to the stream's space.
    scale: f64,
    /// The line width in user space.
    line_width: f64,
}

impl Default for State {
    fn default() -> State {
        State {
            scale: 1.0,
            line_width: 1.0,
        }
    }
}

/// What drawing a content stream once costs, its areas in the stream's own user space: a
/// form's cost is counted once and scaled wherever it is drawn.
#[derive(Debug, Clone, Copy, Default)]
struct Cost {
    /// Operators, path segments and glyphs, forms' counted each time they are drawn.
    ops: u64,
    /// Square units painted: each fill's or stroke's bounding box, clipped to what it can
    /// reach.
    area: f64,
    /// Paint operations, to clip a drawn form's area.
    paints: u64,
}

impl Cost {
    fn paint(&mut self, area: f64, clip: f64) {
        self.paint_each(1, area, clip);
    }

    /// Adds `count` paints of `area` each.
    fn paint_each(&mut self, count: u64, area: f64, clip: f64) {
        let each = if area.is_finite() {
            area.abs().min(clip)
        } else {
            clip
        };
        self.area += each * count as f64;
        self.paints = self.paints.saturating_add(count);
    }

    /// Adds the cost of another content stream in the same space (a page's second stream).
    fn add(&mut self, other: Cost) {
        self.ops = self.ops.saturating_add(other.ops);
        self.area += other.area;
        self.paints = self.paints.saturating_add(other.paints);
    }

    /// Adds a form drawn once, `scale` square units here per square unit of the form's, each
    /// of its paints clipped to `clip`.
    fn draw(&mut self, form: Cost, scale: f64, clip: f64) {
        self.ops = self.ops.saturating_add(form.ops).saturating_add(1);
        let scaled = form.area * scale.abs();
        let most = form.paints as f64 * clip;
        self.area += if scaled.is_finite() {
            scaled.min(most)
        } else {
            most
        };
        self.paints = self.paints.saturating_add(form.paints);
    }

    /// Units of work with `pixels` square pixels a square unit.
    fn work(&self, pixels: f64) -> u64 {
        let painted = self.area * pixels / PIXELS_PER_UNIT;
        self.ops.saturating_add(painted.min(u64::MAX as f64) as u64)
    }
}

/// A page's content streams: one stream or an array of them.
fn contents<'a>(page: &Dict<'a>) -> Vec<Stream<'a>> {
    if let Some(stream) = page.get::<Stream<'a>>(b"Contents") {
        return vec![stream];
    }
    page.get::<Array<'a>>(b"Contents")
        .map(|array| array.iter::<Stream<'a>>().collect())
        .unwrap_or_default()
}

/// An annotation's normal appearance: a stream, or a dictionary of streams by state.
fn appearance_streams<'a>(appearances: &Dict<'a>) -> Vec<Stream<'a>> {
    if let Some(stream) = appearances.get::<Stream<'a>>(b"N") {
        return vec![stream];
    }
    let Some(states) = appearances.get::<Dict<'a>>(b"N") else {
        return Vec::new();
    };
    states
        .keys()
        .collect::<Vec<_>>()
        .into_iter()
        .filter_map(|key| states.get::<Stream<'a>>(&*key))
        .collect()
}

struct Walk {
    budget: Budget,
    /// Decoded bytes counted so far on this page.
    bytes: u64,
    /// The cost of one drawing of each form, pattern or glyph procedure already walked.
    work: HashMap<ObjectIdentifier, Cost>,
    /// Forms being walked: one met again draws itself, and is walked again, as hayro draws
    /// it again, down to [`MAX_DEPTH`].
    active: HashSet<ObjectIdentifier>,
    /// Operators drawn so far on the page, a form's each time it is drawn: it stops the walk of
    /// a page that multiplies its drawings as soon as they pass the budget, not after.
    drawn: u64,
}

impl Walk {
    /// Counts operators drawn.
    fn tally(&mut self, ops: u64) -> Result<(), Exceeded> {
        self.drawn = self.drawn.saturating_add(ops);
        self.spend(self.drawn)
    }

    fn spend(&self, work: u64) -> Result<(), Exceeded> {
        if work > self.budget.work {
            return Err(Exceeded::Work {
                work,
                limit: self.budget.work,
            });
        }
        Ok(())
    }

    /// Decodes a content stream within what is left of the byte budget.
    fn decode(&mut self, stream: &Stream<'_>) -> Result<Vec<u8>, Exceeded> {
        let left = self.budget.bytes.saturating_sub(self.bytes);
        let data = decode(stream, left, true).ok_or(Exceeded::Bytes {
            limit: self.budget.bytes,
        })?;
        self.bytes += data.len as u64;
        Ok(data.bytes)
    }

    /// Counts a stream's decoded bytes (an image's, a font's) within the byte budget.
    fn count(&mut self, stream: &Stream<'_>) -> Result<u64, Exceeded> {
        let left = self.budget.bytes.saturating_sub(self.bytes);
        let data = decode(stream, left, false).ok_or(Exceeded::Bytes {
            limit: self.budget.bytes,
        })?;
        self.bytes += data.len as u64;
        Ok(data.len as u64)
    }

    /// The cost of drawing a form (or pattern cell, glyph procedure, appearance) once.
    fn form(&mut self, form: &Stream<'_>, depth: usize) -> Result<Cost, Exceeded> {
        let id = form.obj_id();
        if let Some(cost) = self.work.get(&id).copied() {
            self.tally(cost.ops)?;
            return Ok(cost);
        }
        if depth > MAX_DEPTH {
            return Ok(Cost::default());
        }
        let cyclic = !self.active.insert(id);
        let data = self.decode(form)?;
        let resources = Resources::new(
            form.dict()
                .get::<Dict<'_>>(b"Resources")
                .unwrap_or_default(),
        );
        // A form is clipped to its bounding box; without one, to nothing smaller.
        let clip = form
            .dict()
            .get::<[f64; 4]>(b"BBox")
            .map(|[x0, y0, x1, y1]| ((x1 - x0) * (y1 - y0)).abs())
            .filter(|area| area.is_finite())
            .unwrap_or(f64::INFINITY);
        let cost = self.content(&data, &resources, depth + 1, clip, 0.0);
        if !cyclic {
            self.active.remove(&id);
        }
        let cost = cost?;
        // A form inside a cycle costs what it does at this depth only.
        if self.active.is_empty() || !cyclic && !self.active.contains(&id) {
            self.work.insert(id, cost);
        }
        Ok(cost)
    }

    /// The cost of one content stream, following what it draws: `clip` is the area its
    /// paints can reach, `pixels` the square pixels a square unit covers where that is known
    /// (the page's own content), so that a page over budget is stopped early.
    fn content(
        &mut self,
        data: &[u8],
        resources: &Resources<'_>,
        depth: usize,
        clip: f64,
        pixels: f64,
    ) -> Result<Cost, Exceeded> {
        let mut cost = Cost::default();
        // What q and Q save and restore: the transformation's scale, the line width.
        let mut states = vec![State::default()];
        // The text's scale: font size squared times the text matrix's scale.
        let mut text = (1.0f64, 1.0f64);
        let mut path: Option<[f64; 4]> = None;
        let mut operations = UntypedIter::new(data);
        while let Some(instruction) = operations.next() {
            let operator: &[u8] = instruction.operator.as_ref();
            let state = states.last().copied().unwrap_or_default();
            let scale = state.scale;
            let numbers: Vec<f64> = instruction
                .operands()
                .filter_map(|operand| match operand {
                    Object::Number(number) => Some(number.as_f64()),
                    _ => None,
                })
                .collect();
            let ops = match operator {
                b"q" => {
                    states.push(state);
                    1
                }
                b"Q" => {
                    if states.len() > 1 {
                        states.pop();
                    }
                    1
                }
                b"cm" => {
                    if let ([a, b, c, d, ..], Some(last)) = (&numbers[..], states.last_mut()) {
                        last.scale = scale * (a * d - b * c).abs();
                    }
                    1
                }
                b"w" => {
                    if let ([width], Some(last)) = (&numbers[..], states.last_mut()) {
                        last.line_width = width.abs();
                    }
                    1
                }
                b"Tf" => {
                    if let [size] = numbers[..] {
                        text.0 = size * size;
                    }
                    match first_name(instruction.operands()) {
                        Some(name) => self.font(resources, &name, depth)?,
                        None => 1,
                    }
                }
                b"Tm" => {
                    if let [a, b, c, d, ..] = numbers[..] {
                        text.1 = (a * d - b * c).abs();
                    }
                    1
                }
                b"m" | b"l" | b"c" | b"v" | b"y" => {
                    for point in numbers.chunks_exact(2) {
                        extend(&mut path, point[0], point[1]);
                    }
                    1
                }
                b"re" => {
                    if let [x, y, w, h] = numbers[..] {
                        extend(&mut path, x, y);
                        extend(&mut path, x + w, y + h);
                    }
                    4
                }
                b"f" | b"F" | b"f*" => {
                    if let Some([x0, y0, x1, y1]) = path.take() {
                        cost.paint((x1 - x0) * (y1 - y0) * scale, clip);
                    }
                    1
                }
                // A stroke reaches half its width beyond the path.
                b"B" | b"B*" | b"b" | b"b*" | b"S" | b"s" => {
                    if let Some([x0, y0, x1, y1]) = path.take() {
                        let w = state.line_width;
                        cost.paint((x1 - x0 + w) * (y1 - y0 + w) * scale, clip);
                    }
                    1
                }
                b"n" => {
                    path = None;
                    1
                }
                b"Tj" | b"'" | b"\"" | b"TJ" => {
                    let glyphs = shown_bytes(instruction.operands());
                    // Each glyph fills at most its em square.
                    cost.paint_each(glyphs, text.0 * text.1 * scale, clip);
                    1 + glyphs
                }
                b"Do" => match last_name(instruction.operands())
                    .and_then(|name| resources.get_x_object(&name))
                {
                    Some(x_object) => {
                        match x_object.dict().get::<Name<'_>>(b"Subtype").as_deref() {
                            Some(b"Image") => {
                                // An image fills the unit square.
                                cost.paint(scale, clip);
                                self.image(&x_object)?
                            }
                            Some(b"Form") => {
                                let form = self.form(&x_object, depth)?;
                                let matrix = x_object
                                    .dict()
                                    .get::<[f64; 6]>(b"Matrix")
                                    .map_or(1.0, |[a, b, c, d, _, _]| (a * d - b * c).abs());
                                // Each drawing first clips to the form's box: a clip costs
                                // the renderer [`CLIP_WEIGHT`] fills of its area.
                                let bounds = x_object
                                    .dict()
                                    .get::<[f64; 4]>(b"BBox")
                                    .map_or(clip, |[x0, y0, x1, y1]| (x1 - x0) * (y1 - y0));
                                cost.paint_each(CLIP_WEIGHT, bounds * scale * matrix, clip);
                                cost.draw(form, scale * matrix, clip);
                                0
                            }
                            _ => 1,
                        }
                    }
                    None => 1,
                },
                b"BI" => {
                    for operand in instruction.operands() {
                        if let Object::Stream(image) = operand {
                            self.inline_image(image)?;
                        }
                    }
                    cost.paint(scale, clip);
                    1
                }
                b"scn" | b"SCN" => match last_name(instruction.operands()) {
                    Some(name) => self.pattern(resources, &name, depth)?,
                    None => 1,
                },
                b"sh" => {
                    cost.paint(clip, clip);
                    match last_name(instruction.operands()) {
                        Some(name) => self.shading(resources.get_shading(&name))?,
                        None => 1,
                    }
                }
                b"gs" => match last_name(instruction.operands()) {
                    Some(name) => self.graphics_state(resources, &name, depth)?,
                    None => 1,
                },
                _ => 1,
            };
            cost.ops = cost.ops.saturating_add(ops);
            self.tally(ops)?;
            self.spend(cost.work(pixels))?;
        }
        Ok(cost)
    }

    /// Checks an image XObject and its masks; its work is its pixels in thousands.
    fn image(&mut self, image: &Stream<'_>) -> Result<u64, Exceeded> {
        let mut pixels = self.one_image(image, image.dict())?;
        for mask in [b"SMask".as_slice(), b"Mask"] {
            if let Some(mask) = image.dict().get::<Stream<'_>>(mask) {
                pixels = pixels.saturating_add(self.one_image(&mask, mask.dict())?);
            }
        }
        Ok(1 + pixels / 1000)
    }

    fn inline_image(&mut self, image: &Stream<'_>) -> Result<u64, Exceeded> {
        self.one_image(image, image.dict())
    }

    fn one_image(&mut self, image: &Stream<'_>, dict: &Dict<'_>) -> Result<u64, Exceeded> {
        let number = |keys: [&[u8]; 2]| {
            keys.iter()
                .find_map(|key| dict.get::<f64>(key))
                .filter(|value| value.is_finite() && *value > 0.0)
                .map_or(0, |value| value.min(u32::MAX as f64) as u64)
        };
        let mut width = number([b"Width", b"W"]);
        let mut height = number([b"Height", b"H"]);
        let filters = image.filters();
        let data = image.raw_data();
        for filter in &filters {
            let declared = match filter {
                Filter::DctDecode => jpeg_size(&data),
                Filter::JpxDecode => jpx_size(&data),
                Filter::Jbig2Decode => jbig2_size(&data),
                Filter::CcittFaxDecode => {
                    let params = decode_params(dict, &filters, *filter);
                    let columns = params
                        .as_ref()
                        .and_then(|p| p.get::<f64>(b"Columns"))
                        .unwrap_or(1728.0);
                    let rows = params.as_ref().and_then(|p| p.get::<f64>(b"Rows"));
                    Some((
                        columns.clamp(0.0, u32::MAX as f64) as u64,
                        rows.unwrap_or(0.0).clamp(0.0, u32::MAX as f64) as u64,
                    ))
                }
                _ => None,
            };
            if let Some((w, h)) = declared {
                width = width.max(w);
                height = height.max(h);
            }
        }
        let pixels = width.saturating_mul(height);
        if pixels > self.budget.pixels {
            return Err(Exceeded::Image {
                width,
                height,
                limit: self.budget.pixels,
            });
        }
        // Raw and Flate-compressed samples are inflated before the renderer sees them.
        self.count(image)?;
        Ok(pixels)
    }

    fn pattern(
        &mut self,
        resources: &Resources<'_>,
        name: &Name<'_>,
        depth: usize,
    ) -> Result<u64, Exceeded> {
        match resources.get_pattern(name) {
            Some(Object::Stream(cell)) => Ok(1u64.saturating_add(self.form(&cell, depth)?.ops)),
            Some(Object::Dict(pattern)) => self.shading(pattern.get::<Object<'_>>(b"Shading")),
            _ => Ok(1),
        }
    }

    /// A shading's function and mesh streams are decoded; their bytes count.
    fn shading(&mut self, shading: Option<Object<'_>>) -> Result<u64, Exceeded> {
        match shading {
            Some(Object::Stream(mesh)) => Ok(1 + self.count(&mesh)? / 64),
            Some(Object::Dict(shading)) => {
                if let Some(function) = shading.get::<Stream<'_>>(b"Function") {
                    self.count(&function)?;
                }
                Ok(1)
            }
            _ => Ok(1),
        }
    }

    fn graphics_state(
        &mut self,
        resources: &Resources<'_>,
        name: &Name<'_>,
        depth: usize,
    ) -> Result<u64, Exceeded> {
        let Some(state) = resources.get_ext_g_state(name) else {
            return Ok(1);
        };
        match state
            .get::<Dict<'_>>(b"SMask")
            .and_then(|mask| mask.get::<Stream<'_>>(b"G"))
        {
            Some(group) => Ok(1u64.saturating_add(self.form(&group, depth)?.ops)),
            None => Ok(1),
        }
    }

    /// An embedded font program is decoded once; a Type 3 font's glyphs are content streams,
    /// each counted once here (a glyph drawn a thousand times is cached by hayro).
    fn font(
        &mut self,
        resources: &Resources<'_>,
        name: &Name<'_>,
        depth: usize,
    ) -> Result<u64, Exceeded> {
        let Some(font) = resources.get_font(name) else {
            return Ok(1);
        };
        let id = font.obj_id();
        if let Some(id) = id
            && self.work.contains_key(&id)
        {
            return Ok(1);
        }
        let mut work = 1u64;
        let mut descriptors = vec![font.get::<Dict<'_>>(b"FontDescriptor")];
        if let Some(descendants) = font.get::<Array<'_>>(b"DescendantFonts") {
            for descendant in descendants.iter::<Dict<'_>>() {
                descriptors.push(descendant.get::<Dict<'_>>(b"FontDescriptor"));
            }
        }
        for descriptor in descriptors.into_iter().flatten() {
            for key in [b"FontFile".as_slice(), b"FontFile2", b"FontFile3"] {
                if let Some(program) = descriptor.get::<Stream<'_>>(key) {
                    self.count(&program)?;
                }
            }
        }
        if let Some(procedures) = font.get::<Dict<'_>>(b"CharProcs") {
            let resources = Resources::new(font.get::<Dict<'_>>(b"Resources").unwrap_or_default());
            for key in procedures.keys().collect::<Vec<_>>() {
                if let Some(glyph) = procedures.get::<Stream<'_>>(&*key) {
                    let data = self.decode(&glyph)?;
                    let glyph = self.content(&data, &resources, depth + 1, f64::INFINITY, 0.0)?;
                    work = work.saturating_add(glyph.ops);
                    self.spend(work)?;
                }
            }
        }
        if let Some(id) = id {
            self.work.insert(
                id,
                Cost {
                    ops: work,
                    ..Cost::default()
                },
            );
        }
        Ok(work)
    }
}

/// Widens a path's bounding box by a point.
fn extend(path: &mut Option<[f64; 4]>, x: f64, y: f64) {
    *path = Some(match *path {
        None => [x, y, x, y],
        Some([x0, y0, x1, y1]) => [x0.min(x), y0.min(y), x1.max(x), y1.max(y)],
    });
}

/// Bytes of text shown by a text operator: at most one glyph each.
fn shown_bytes<'b, 'a: 'b>(operands: impl Iterator<Item = &'b Object<'a>>) -> u64 {
    operands
        .map(|operand| match operand {
            Object::String(text) => text.as_bytes().len() as u64,
            Object::Array(parts) => parts
                .iter::<Object<'_>>()
                .map(|part| match part {
                    Object::String(text) => text.as_bytes().len() as u64,
                    _ => 0,
                })
                .sum(),
            _ => 0,
        })
        .sum()
}

fn last_name<'b, 'a: 'b>(operands: impl Iterator<Item = &'b Object<'a>>) -> Option<Name<'a>> {
    operands
        .filter_map(|operand| match operand {
            Object::Name(name) => Some(name.clone()),
            _ => None,
        })
        .last()
}

fn first_name<'b, 'a: 'b>(mut operands: impl Iterator<Item = &'b Object<'a>>) -> Option<Name<'a>> {
    operands.find_map(|operand| match operand {
        Object::Name(name) => Some(name.clone()),
        _ => None,
    })
}

/// The `/DecodeParms` of one of a stream's filters: a dictionary for a single filter, or the
/// entry at the filter's position in an array.
fn decode_params<'a>(dict: &Dict<'a>, filters: &[Filter], filter: Filter) -> Option<Dict<'a>> {
    let position = filters.iter().position(|f| *f == filter)?;
    for key in [b"DecodeParms".as_slice(), b"DP"] {
        if let Some(params) = dict.get::<Dict<'a>>(key) {
            return Some(params);
        }
        if let Some(params) = dict.get::<Array<'a>>(key) {
            return params.iter::<Object<'a>>().nth(position)?.into_dict();
        }
    }
    None
}

/// A stream decoded within a byte cap: its bytes when asked for, and its length.
struct Decoded {
    bytes: Vec<u8>,
    len: usize,
}

/// Decodes `stream` through its filters, giving up (`None`) past `cap` decoded bytes at any
/// stage. Image filters end the chain: their output size is the image's, checked from its
/// declared size. With `keep` false the last stage only counts.
fn decode(stream: &Stream<'_>, cap: u64, keep: bool) -> Option<Decoded> {
    let cap = usize::try_from(cap).unwrap_or(usize::MAX);
    let filters = stream.filters();
    let mut data = stream.raw_data().into_owned();
    let stages: Vec<Filter> = filters
        .iter()
        .copied()
        .take_while(|f| {
            !matches!(
                f,
                Filter::DctDecode
                    | Filter::JpxDecode
                    | Filter::Jbig2Decode
                    | Filter::CcittFaxDecode
            )
        })
        .filter(|f| *f != Filter::Crypt)
        .collect();
    if stages.is_empty() {
        return (data.len() <= cap).then(|| Decoded {
            len: data.len(),
            bytes: if keep { data } else { Vec::new() },
        });
    }
    let mut len = 0;
    for (i, filter) in stages.iter().enumerate() {
        let last = i + 1 == stages.len();
        let mut sink = Sink {
            out: Vec::new(),
            keep: keep || !last,
            len: 0,
            cap,
        };
        let within = match filter {
            Filter::FlateDecode => inflate(&data, &mut sink),
            Filter::LzwDecode => {
                let early = decode_params(stream.dict(), &filters, *filter)
                    .and_then(|p| p.get::<f64>(b"EarlyChange"))
                    .is_none_or(|e| e != 0.0);
                lzw(&data, early, &mut sink)
            }
            Filter::RunLengthDecode => run_length(&data, &mut sink),
            Filter::AsciiHexDecode => ascii_hex(&data, &mut sink),
            Filter::Ascii85Decode => ascii_85(&data, &mut sink),
            _ => sink.push(&data),
        };
        if !within {
            return None;
        }
        len = sink.len;
        data = sink.out;
    }
    Some(Decoded { bytes: data, len })
}

/// Where a decoding stage writes: kept or only counted, up to a cap.
struct Sink {
    out: Vec<u8>,
    keep: bool,
    len: usize,
    cap: usize,
}

impl Sink {
    /// Takes `bytes`; false once the cap is passed.
    fn push(&mut self, bytes: &[u8]) -> bool {
        self.len = self.len.saturating_add(bytes.len());
        if self.len > self.cap {
            return false;
        }
        if self.keep {
            self.out.extend_from_slice(bytes);
        }
        true
    }
}

/// Inflates zlib or raw deflate data as far as it is valid, like hayro's decoder.
fn inflate(data: &[u8], sink: &mut Sink) -> bool {
    use miniz_oxide::inflate::stream::{InflateState, inflate};
    use miniz_oxide::{DataFormat, MZFlush, MZStatus};
    let zlib = data.len() >= 2
        && data[0] & 0x0f == 8
        && (u16::from(data[0]) << 8 | u16::from(data[1])).is_multiple_of(31);
    let mut state = InflateState::new_boxed(if zlib {
        DataFormat::Zlib
    } else {
        DataFormat::Raw
    });
    let mut input = data;
    let mut buffer = vec![0u8; 64 * 1024];
    loop {
        let result = inflate(&mut state, input, &mut buffer, MZFlush::None);
        input = &input[result.bytes_consumed..];
        if !sink.push(&buffer[..result.bytes_written]) {
            return false;
        }
        match result.status {
            Ok(MZStatus::StreamEnd) | Err(_) => return true,
            Ok(_) if result.bytes_written == 0 && result.bytes_consumed == 0 => return true,
            Ok(_) => {}
        }
    }
}

fn lzw(data: &[u8], early_change: bool, sink: &mut Sink) -> bool {
    use weezl::{BitOrder, LzwStatus, decode::Decoder};
    let mut decoder = if early_change {
        Decoder::with_tiff_size_switch(BitOrder::Msb, 8)
    } else {
        Decoder::new(BitOrder::Msb, 8)
    };
    let mut input = data;
    let mut buffer = vec![0u8; 64 * 1024];
    loop {
        let result = decoder.decode_bytes(input, &mut buffer);
        input = &input[result.consumed_in..];
        if !sink.push(&buffer[..result.consumed_out]) {
            return false;
        }
        match result.status {
            Ok(LzwStatus::Done) | Err(_) => return true,
            Ok(_) if result.consumed_in == 0 && result.consumed_out == 0 => return true,
            Ok(_) => {}
        }
    }
}

fn run_length(data: &[u8], sink: &mut Sink) -> bool {
    let mut i = 0;
    while i < data.len() {
        let length = data[i];
        i += 1;
        match length {
            128 => break,
            0..=127 => {
                let end = (i + usize::from(length) + 1).min(data.len());
                if !sink.push(&data[i..end]) {
                    return false;
                }
                i = end;
            }
            _ => {
                let Some(byte) = data.get(i) else { break };
                if !sink.push(&vec![*byte; 257 - usize::from(length)]) {
                    return false;
                }
                i += 1;
            }
        }
    }
    true
}

fn ascii_hex(data: &[u8], sink: &mut Sink) -> bool {
    let digits: Vec<u8> = data
        .iter()
        .take_while(|b| **b != b'>')
        .filter_map(|b| (*b as char).to_digit(16).map(|d| d as u8))
        .collect();
    let bytes: Vec<u8> = digits
        .chunks(2)
        .map(|pair| pair[0] << 4 | pair.get(1).copied().unwrap_or(0))
        .collect();
    sink.push(&bytes)
}

fn ascii_85(data: &[u8], sink: &mut Sink) -> bool {
    let mut out = Vec::with_capacity(data.len());
    let mut group = [0u8; 5];
    let mut n = 0;
    let flush = |group: &[u8; 5], n: usize, out: &mut Vec<u8>| {
        // A short final group is padded with the largest digit, as the standard says.
        let value = (0..5).fold(0u64, |value, i| {
            value * 85 + u64::from(group.get(i).filter(|_| i < n).copied().unwrap_or(84))
        });
        let bytes = (value as u32).to_be_bytes();
        out.extend_from_slice(&bytes[..n.saturating_sub(1)]);
    };
    for byte in data {
        match byte {
            b'~' => break,
            b'z' if n == 0 => out.extend_from_slice(&[0; 4]),
            b'!'..=b'u' => {
                group[n] = byte - b'!';
                n += 1;
                if n == 5 {
                    flush(&group, 5, &mut out);
                    n = 0;
                }
            }
            _ => {}
        }
    }
    if n > 1 {
        flush(&group, n, &mut out);
    }
    sink.push(&out)
}

/// The size a JPEG's frame header declares, as the decoder will allocate it.
fn jpeg_size(data: &[u8]) -> Option<(u64, u64)> {
    let mut decoder = zune_jpeg::JpegDecoder::new_with_options(
        zune_jpeg::zune_core::bytestream::ZCursor::new(data),
        zune_jpeg::zune_core::options::DecoderOptions::default()
            .set_max_width(usize::MAX)
            .set_max_height(usize::MAX),
    );
    decoder.decode_headers().ok()?;
    let (width, height) = decoder.dimensions()?;
    Some((width as u64, height as u64))
}

fn jpx_size(data: &[u8]) -> Option<(u64, u64)> {
    let settings = hayro_jpeg2000::DecodeSettings::default();
    let image = hayro_jpeg2000::Image::new(data, &settings).ok()?;
    Some((u64::from(image.width()), u64::from(image.height())))
}

fn jbig2_size(data: &[u8]) -> Option<(u64, u64)> {
    let settings = hayro_jbig2::DecodeSettings { strict: false };
    let page = hayro_jbig2::Page::new_embedded(data, None, &settings).ok()?;
    Some((u64::from(page.width()), u64::from(page.height())))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sink(cap: usize) -> Sink {
        Sink {
            out: Vec::new(),
            keep: true,
            len: 0,
            cap,
        }
    }

    #[test]
    fn filters_decode_as_the_standard_says() {
        let mut out = sink(100);
        assert!(ascii_hex(b"48 65 6C6c6F7>", &mut out));
        assert_eq!(out.out, b"Hellop");
        let mut out = sink(100);
        assert!(ascii_85(b"87cURD]i,\"Ebo80~>", &mut out));
        assert_eq!(out.out, b"Hello World!");
        let mut out = sink(100);
        assert!(run_length(&[2, b'a', b'b', b'c', 254, b'x', 128], &mut out));
        assert_eq!(out.out, b"abcxxx");
    }

    #[test]
    fn inflating_stops_at_the_cap() {
        use miniz_oxide::deflate::compress_to_vec_zlib;
        let zeros = compress_to_vec_zlib(&vec![0u8; 1_000_000], 9);
        let mut out = sink(1_000_000);
        assert!(inflate(&zeros, &mut out));
        assert_eq!(out.len, 1_000_000);
        let mut out = sink(999_999);
        assert!(!inflate(&zeros, &mut out), "one byte past the cap");
        assert!(out.out.len() <= 999_999);
    }
}
