//! The types of WebAssembly values and entities, as the embedding API shows them.

use core::fmt;
use std::sync::Arc;

/// The type of a WebAssembly value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ValType {
    /// 32-bit integer.
    I32,
    /// 64-bit integer.
    I64,
    /// 32-bit IEEE 754 float.
    F32,
    /// 64-bit IEEE 754 float.
    F64,
    /// 128-bit vector.
    V128,
    /// A reference.
    Ref(RefType),
}

impl ValType {
    /// `funcref`: a nullable reference to any function.
    pub const FUNCREF: Self = Self::Ref(RefType::FUNCREF);
    /// `externref`: a nullable reference to a host value.
    pub const EXTERNREF: Self = Self::Ref(RefType::EXTERNREF);
    /// `exnref`: a nullable reference to an exception.
    pub const EXNREF: Self = Self::Ref(RefType::EXNREF);

    /// Whether this is a reference type.
    pub fn is_ref(self) -> bool {
        matches!(self, Self::Ref(_))
    }

    /// The reference type, if this is one.
    pub fn as_ref(self) -> Option<RefType> {
        match self {
            Self::Ref(ty) => Some(ty),
            _ => None,
        }
    }

    /// Whether a value of type `self` can be used where `other` is expected (reference subtyping; numeric
    /// types match only themselves).
    pub fn matches(self, other: Self) -> bool {
        match (self, other) {
            (Self::Ref(a), Self::Ref(b)) => a.matches(b),
            (a, b) => a == b,
        }
    }

    /// How many 64-bit cells of the value stack a value of this type takes: two for `v128`, one otherwise.
    pub(crate) fn cells(self) -> u32 {
        if self == Self::V128 { 2 } else { 1 }
    }
}

impl fmt::Display for ValType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::I32 => f.write_str("i32"),
            Self::I64 => f.write_str("i64"),
            Self::F32 => f.write_str("f32"),
            Self::F64 => f.write_str("f64"),
            Self::V128 => f.write_str("v128"),
            Self::Ref(ty) => write!(f, "{ty}"),
        }
    }
}

/// The type of a reference: what it points to and whether it may be null.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct RefType {
    nullable: bool,
    heap: HeapType,
}

impl RefType {
    /// `funcref`.
    pub const FUNCREF: Self = Self::new(true, HeapType::Func);
    /// `externref`.
    pub const EXTERNREF: Self = Self::new(true, HeapType::Extern);
    /// `exnref`.
    pub const EXNREF: Self = Self::new(true, HeapType::Exn);

    /// A reference to `heap`, nullable or not.
    pub const fn new(nullable: bool, heap: HeapType) -> Self {
        Self { nullable, heap }
    }

    /// Whether the null reference is a value of this type.
    pub fn is_nullable(self) -> bool {
        self.nullable
    }

    /// What the reference points to.
    pub fn heap_type(self) -> HeapType {
        self.heap
    }

    /// Whether a reference of type `self` can be used where `other` is expected.
    pub fn matches(self, other: Self) -> bool {
        (!self.nullable || other.nullable) && self.heap.matches(other.heap)
    }
}

impl fmt::Display for RefType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let shorthand = match self.heap {
            HeapType::Func => "funcref",
            HeapType::NoFunc => "nullfuncref",
            HeapType::Extern => "externref",
            HeapType::NoExtern => "nullexternref",
            HeapType::Exn => "exnref",
            HeapType::NoExn => "nullexnref",
            HeapType::ConcreteFunc(_) => "",
        };
        if self.nullable && !shorthand.is_empty() {
            return f.write_str(shorthand);
        }
        let null = if self.nullable { "null " } else { "" };
        write!(f, "(ref {null}{})", self.heap)
    }
}

/// What a reference points to. Without the GC proposal, the heap types form three hierarchies: functions
/// (`func` above every concrete function type, `nofunc` below), host values (`extern` above `noextern`) and
/// exceptions (`exn` above `noexn`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum HeapType {
    /// Any function.
    Func,
    /// No function (only null references have this heap type).
    NoFunc,
    /// Functions of one type.
    ConcreteFunc(FuncTypeId),
    /// Any host value.
    Extern,
    /// No host value.
    NoExtern,
    /// Any exception.
    Exn,
    /// No exception.
    NoExn,
}

impl HeapType {
    /// Whether `self` is a subtype of `other`.
    pub fn matches(self, other: Self) -> bool {
        use HeapType as H;
        self == other
            || matches!(
                (self, other),
                (H::NoFunc | H::ConcreteFunc(_), H::Func)
                    | (H::NoFunc, H::ConcreteFunc(_))
                    | (H::NoExtern, H::Extern)
                    | (H::NoExn, H::Exn)
            )
    }

    /// Whether this is an exception heap type (`exn` or `noexn`).
    pub fn is_exn(self) -> bool {
        matches!(self, Self::Exn | Self::NoExn)
    }

    /// Whether this is a function heap type (`func`, `nofunc` or a concrete function type).
    pub fn is_func(self) -> bool {
        matches!(self, Self::Func | Self::NoFunc | Self::ConcreteFunc(_))
    }
}

impl fmt::Display for HeapType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Func => f.write_str("func"),
            Self::NoFunc => f.write_str("nofunc"),
            Self::ConcreteFunc(id) => write!(f, "{id}"),
            Self::Extern => f.write_str("extern"),
            Self::NoExtern => f.write_str("noextern"),
            Self::Exn => f.write_str("exn"),
            Self::NoExn => f.write_str("noexn"),
        }
    }
}

/// A function type registered in an [`Engine`](crate::Engine): two ids of one engine are equal exactly when
/// their function types are. [`Engine::func_type`](crate::Engine::func_type) gives the type back;
/// [`Engine::func_type_id`](crate::Engine::func_type_id) registers one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct FuncTypeId(pub(crate) u32);

impl fmt::Display for FuncTypeId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "<type {}>", self.0)
    }
}

/// The type of a function: its parameter and result types.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct FuncType {
    /// Parameters followed by results.
    types: Arc<[ValType]>,
    num_params: usize,
}

impl FuncType {
    /// A function type with these parameters and results.
    pub fn new(
        params: impl IntoIterator<Item = ValType>,
        results: impl IntoIterator<Item = ValType>,
    ) -> Self {
        let mut types: Vec<ValType> = params.into_iter().collect();
        let num_params = types.len();
        types.extend(results);
        Self {
            types: types.into(),
            num_params,
        }
    }

    /// The parameter types.
    pub fn params(&self) -> &[ValType] {
        &self.types[..self.num_params]
    }

    /// The result types.
    pub fn results(&self) -> &[ValType] {
        &self.types[self.num_params..]
    }

    /// How many value-stack cells the parameters take.
    pub(crate) fn param_cells(&self) -> u32 {
        cells_of(self.params())
    }

    /// How many value-stack cells the results take.
    pub(crate) fn result_cells(&self) -> u32 {
        cells_of(self.results())
    }
}

/// How many value-stack cells values of `types` take together.
pub(crate) fn cells_of(types: &[ValType]) -> u32 {
    types.iter().map(|ty| ty.cells()).sum()
}

impl fmt::Debug for FuncType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{self}")
    }
}

impl fmt::Display for FuncType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("(func")?;
        if !self.params().is_empty() {
            f.write_str(" (param")?;
            for ty in self.params() {
                write!(f, " {ty}")?;
            }
            f.write_str(")")?;
        }
        if !self.results().is_empty() {
            f.write_str(" (result")?;
            for ty in self.results() {
                write!(f, " {ty}")?;
            }
            f.write_str(")")?;
        }
        f.write_str(")")
    }
}

/// Whether a global can be changed after instantiation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Mutability {
    /// The global never changes.
    Const,
    /// The global can be set.
    Var,
}

/// The type of a global: its value type and mutability.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct GlobalType {
    content: ValType,
    mutability: Mutability,
}

impl GlobalType {
    /// A global type.
    pub fn new(content: ValType, mutability: Mutability) -> Self {
        Self {
            content,
            mutability,
        }
    }

    /// The type of the global's value.
    pub fn content(&self) -> ValType {
        self.content
    }

    /// Whether the global is mutable.
    pub fn mutability(&self) -> Mutability {
        self.mutability
    }

    /// Whether a global of type `self` can be imported where `expected` is required: a constant global's value
    /// type may be a subtype, a mutable global's must be the same.
    pub(crate) fn matches(&self, expected: &GlobalType) -> bool {
        self.mutability == expected.mutability
            && match self.mutability {
                Mutability::Const => self.content.matches(expected.content),
                Mutability::Var => self.content == expected.content,
            }
    }
}

impl fmt::Display for GlobalType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.mutability {
            Mutability::Const => write!(f, "(global {})", self.content),
            Mutability::Var => write!(f, "(global (mut {}))", self.content),
        }
    }
}

/// The type of a linear memory: its limits in 64 KiB pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct MemoryType {
    minimum: u64,
    maximum: Option<u64>,
    memory64: bool,
}

impl MemoryType {
    /// A 32-bit memory with at least `minimum` and at most `maximum` pages.
    pub fn new(minimum: u32, maximum: Option<u32>) -> Self {
        Self {
            minimum: u64::from(minimum),
            maximum: maximum.map(u64::from),
            memory64: false,
        }
    }

    /// A 64-bit memory (memory64: addressed with i64) with at least `minimum` and at most `maximum` pages.
    pub fn new64(minimum: u64, maximum: Option<u64>) -> Self {
        Self {
            minimum,
            maximum,
            memory64: true,
        }
    }

    /// Whether the memory is addressed with 64-bit integers (memory64).
    pub fn is_64(&self) -> bool {
        self.memory64
    }

    /// The most pages a memory of this kind can have: 2^16 for 32-bit, 2^48 for 64-bit memories.
    pub(crate) fn max_pages_of_kind(&self) -> u64 {
        if self.memory64 { 1 << 48 } else { 1 << 16 }
    }

    /// The minimum size in pages.
    pub fn minimum(&self) -> u64 {
        self.minimum
    }

    /// The maximum size in pages, if any.
    pub fn maximum(&self) -> Option<u64> {
        self.maximum
    }

    /// Whether a memory of type `self` can be imported where `expected` is required.
    pub(crate) fn matches(&self, expected: &MemoryType) -> bool {
        self.memory64 == expected.memory64
            && limits_match(
                self.minimum,
                self.maximum,
                expected.minimum,
                expected.maximum,
            )
    }
}

impl fmt::Display for MemoryType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let index = if self.memory64 { "i64 " } else { "" };
        match self.maximum {
            Some(max) => write!(f, "(memory {index}{} {max})", self.minimum),
            None => write!(f, "(memory {index}{})", self.minimum),
        }
    }
}

/// The type of a table: its element type and limits in elements.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct TableType {
    element: ValType,
    minimum: u64,
    maximum: Option<u64>,
    table64: bool,
}

impl TableType {
    /// A table of `element` references with at least `minimum` and at most `maximum` elements.
    pub fn new(element: ValType, minimum: u32, maximum: Option<u32>) -> Self {
        Self {
            element,
            minimum: u64::from(minimum),
            maximum: maximum.map(u64::from),
            table64: false,
        }
    }

    /// A table indexed with 64-bit integers (memory64's table64).
    pub fn new64(element: ValType, minimum: u64, maximum: Option<u64>) -> Self {
        Self {
            element,
            minimum,
            maximum,
            table64: true,
        }
    }

    /// Whether the table is indexed with 64-bit integers.
    pub fn is_64(&self) -> bool {
        self.table64
    }

    /// The element type.
    pub fn element(&self) -> ValType {
        self.element
    }

    /// The minimum number of elements.
    pub fn minimum(&self) -> u64 {
        self.minimum
    }

    /// The maximum number of elements, if any.
    pub fn maximum(&self) -> Option<u64> {
        self.maximum
    }

    /// Whether a table of type `self` can be imported where `expected` is required.
    pub(crate) fn matches(&self, expected: &TableType) -> bool {
        self.element == expected.element
            && self.table64 == expected.table64
            && limits_match(
                self.minimum,
                self.maximum,
                expected.minimum,
                expected.maximum,
            )
    }
}

impl fmt::Display for TableType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let index = if self.table64 { "i64 " } else { "" };
        match self.maximum {
            Some(max) => write!(f, "(table {index}{} {max} {})", self.minimum, self.element),
            None => write!(f, "(table {index}{} {})", self.minimum, self.element),
        }
    }
}

fn limits_match(min: u64, max: Option<u64>, expected_min: u64, expected_max: Option<u64>) -> bool {
    if min < expected_min {
        return false;
    }
    match (max, expected_max) {
        (_, None) => true,
        (Some(max), Some(expected_max)) => max <= expected_max,
        (None, Some(_)) => false,
    }
}

/// The type of a tag (exception handling): the types of the values an exception with the tag carries.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct TagType {
    ty: FuncType,
}

impl TagType {
    /// A tag whose exceptions carry values of `params` (the function type's results must be empty).
    pub fn new(ty: FuncType) -> Self {
        Self { ty }
    }

    /// The types of the values an exception carries.
    pub fn params(&self) -> &[ValType] {
        self.ty.params()
    }

    /// The tag's function type (parameters only).
    pub fn func_type(&self) -> &FuncType {
        &self.ty
    }
}

impl fmt::Display for TagType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("(tag")?;
        if !self.params().is_empty() {
            f.write_str(" (param")?;
            for ty in self.params() {
                write!(f, " {ty}")?;
            }
            f.write_str(")")?;
        }
        f.write_str(")")
    }
}

/// The type of anything a module can import or export.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExternType {
    /// A function.
    Func(FuncType),
    /// A global.
    Global(GlobalType),
    /// A table.
    Table(TableType),
    /// A linear memory.
    Memory(MemoryType),
    /// A tag (exception handling).
    Tag(TagType),
}

impl ExternType {
    /// The function type, if this is a function.
    pub fn func(&self) -> Option<&FuncType> {
        match self {
            Self::Func(ty) => Some(ty),
            _ => None,
        }
    }

    /// The global type, if this is a global.
    pub fn global(&self) -> Option<&GlobalType> {
        match self {
            Self::Global(ty) => Some(ty),
            _ => None,
        }
    }

    /// The table type, if this is a table.
    pub fn table(&self) -> Option<&TableType> {
        match self {
            Self::Table(ty) => Some(ty),
            _ => None,
        }
    }

    /// The memory type, if this is a memory.
    pub fn memory(&self) -> Option<&MemoryType> {
        match self {
            Self::Memory(ty) => Some(ty),
            _ => None,
        }
    }

    /// The tag type, if this is a tag.
    pub fn tag(&self) -> Option<&TagType> {
        match self {
            Self::Tag(ty) => Some(ty),
            _ => None,
        }
    }
}

impl fmt::Display for ExternType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Func(ty) => write!(f, "{ty}"),
            Self::Global(ty) => write!(f, "{ty}"),
            Self::Table(ty) => write!(f, "{ty}"),
            Self::Memory(ty) => write!(f, "{ty}"),
            Self::Tag(ty) => write!(f, "{ty}"),
        }
    }
}

impl From<FuncType> for ExternType {
    fn from(ty: FuncType) -> Self {
        Self::Func(ty)
    }
}

impl From<GlobalType> for ExternType {
    fn from(ty: GlobalType) -> Self {
        Self::Global(ty)
    }
}

impl From<TableType> for ExternType {
    fn from(ty: TableType) -> Self {
        Self::Table(ty)
    }
}

impl From<MemoryType> for ExternType {
    fn from(ty: MemoryType) -> Self {
        Self::Memory(ty)
    }
}

/// One import of a module: where it comes from and its type.
#[derive(Debug, Clone)]
pub struct ImportType<'module> {
    pub(crate) module: &'module str,
    pub(crate) name: &'module str,
    pub(crate) ty: ExternType,
}

impl<'module> ImportType<'module> {
    /// The module name the import is resolved in.
    pub fn module(&self) -> &'module str {
        self.module
    }

    /// The name within that module.
    pub fn name(&self) -> &'module str {
        self.name
    }

    /// The expected type.
    pub fn ty(&self) -> ExternType {
        self.ty.clone()
    }
}

/// One export of a module: its name and type.
#[derive(Debug, Clone)]
pub struct ExportType<'module> {
    pub(crate) name: &'module str,
    pub(crate) ty: ExternType,
}

impl<'module> ExportType<'module> {
    /// The export's name.
    pub fn name(&self) -> &'module str {
        self.name
    }

    /// The exported item's type.
    pub fn ty(&self) -> ExternType {
        self.ty.clone()
    }
}
