//! The typst `World` of gongwen: the standard library, the role fonts and the embedded
//! template, built once per process and shared by every document and thread.
//!
//! A document is compiled through a [`DocWorld`], a cheap view that adds the one per-document
//! file, `/input.json` (the IR, the GB/T numbers, the options and the font families, as data).
//! There is no file system access, no package download and no clock: `today` is the document's
//! own date.

use crate::diag::{Diagnostic, Location};
use crate::fonts::FontSet;
use crate::writer::spec::FontRole;
use serde::Serialize;
use std::collections::BTreeMap;
use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime, Duration};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};

/// The layout template, embedded so the binary needs no files at run time.
pub(crate) const TEMPLATE: &str = include_str!("../../../templates/gongwen.typ");
/// How the template is named in diagnostics.
pub(crate) const TEMPLATE_NAME: &str = "templates/gongwen.typ";
const TEMPLATE_PATH: &str = "/gongwen.typ";
const INPUT_PATH: &str = "/input.json";

/// The font a role uses, as typst knows it: resolved from the font book, never guessed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct RoleFont {
    /// typst family name (e.g. `FandolFang R` for FandolFang).
    pub family: String,
    /// Weight number of the chosen face, so two faces of one family stay apart.
    pub weight: u16,
    /// typst families of the role's fallback faces, in the order they are tried: typst takes
    /// each glyph from the first family of the list that has it, which is the face
    /// `FontSet::printer` names in the warning.
    pub fallbacks: Vec<String>,
}

/// What is shared: library, font book, fonts, template.
pub(crate) struct Base {
    library: LazyHash<Library>,
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
    template: Source,
    input_id: FileId,
    /// Role → font, handed to the template.
    pub roles: BTreeMap<FontRole, RoleFont>,
    /// The body font's advances, which the line model measures with
    /// ([`super::squeeze::body_advances`]).
    pub body_advances: Vec<f32>,
}

fn file_id(path: &str) -> Result<FileId, Diagnostic> {
    let vpath = VirtualPath::new(path)
        .map_err(|_| Diagnostic::error("pdf-engine", Location::default(), format!("内部路径无效：{path}")))?;
    Ok(FileId::new(RootedPath::new(VirtualRoot::Project, vpath)))
}

impl Base {
    /// Parse the role fonts (once) and the template.
    pub(crate) fn new(fonts: &FontSet) -> Result<Base, Diagnostic> {
        let mut typst_fonts = Vec::with_capacity(fonts.faces().len());
        for face in fonts.faces() {
            let font = Font::new(Bytes::new(face.data.clone()), face.index).ok_or_else(|| {
                Diagnostic::error(
                    "font-unreadable",
                    face.file.as_ref().map(Location::file).unwrap_or_default(),
                    format!("字体“{}”无法被排版引擎读取", face.family),
                )
                .hint("换用其他 .ttf/.otf 字体文件，或删除 gongwen.toml 中的 [fonts] 设置以使用内置字体")
            })?;
            typst_fonts.push(font);
        }
        let mut roles = BTreeMap::new();
        for role in FontRole::ALL {
            let font = typst_fonts.get(fonts.face_index(role)).ok_or_else(|| {
                Diagnostic::error("font-missing", Location::default(), format!("字体角色“{}”没有字体", role.label()))
            })?;
            let info = font.info();
            let mut fallbacks: Vec<String> = Vec::new();
            for f in fonts.chain(role).iter().filter_map(|&i| typst_fonts.get(i)) {
                let family = &f.info().family;
                if *family != info.family && !fallbacks.contains(family) {
                    fallbacks.push(family.clone());
                }
            }
            roles.insert(
                role,
                RoleFont { family: info.family.clone(), weight: info.variant.weight.to_number(), fallbacks },
            );
        }
        let body = typst_fonts.get(fonts.face_index(FontRole::Body)).ok_or_else(|| {
            Diagnostic::error(
                "font-missing",
                Location::default(),
                format!("字体角色“{}”没有字体", FontRole::Body.label()),
            )
        })?;
        let body_advances = super::squeeze::body_advances(body);
        let book = FontBook::from_fonts(&typst_fonts);
        let template = Source::new(file_id(TEMPLATE_PATH)?, TEMPLATE.to_string());
        Ok(Base {
            library: LazyHash::new(Library::builder().build()),
            book: LazyHash::new(book),
            fonts: typst_fonts,
            template,
            input_id: file_id(INPUT_PATH)?,
            roles,
            body_advances,
        })
    }

    /// The template source (for mapping diagnostics to lines).
    pub(crate) fn template(&self) -> &Source {
        &self.template
    }
}

/// One document's view of the shared [`Base`].
pub(crate) struct DocWorld<'a> {
    pub base: &'a Base,
    pub input: Bytes,
    pub today: Option<Datetime>,
}

impl World for DocWorld<'_> {
    fn library(&self) -> &LazyHash<Library> {
        &self.base.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &self.base.book
    }

    fn main(&self) -> FileId {
        self.base.template.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.base.template.id() { Ok(self.base.template.clone()) } else { Err(FileError::NotSource) }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id == self.base.input_id {
            Ok(self.input.clone())
        } else if id == self.base.template.id() {
            Ok(Bytes::from_string(self.base.template.clone()))
        } else {
            Err(FileError::NotFound(id.get().vpath().get_without_slash().into()))
        }
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.base.fonts.get(index).cloned()
    }

    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        self.today
    }
}
