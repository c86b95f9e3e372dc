//! The library's parameter table: each key's name, help line, type, group,
//! bounds and default, read from the C library (`mseq_param_info`), so the
//! crate never writes them again.

use std::ffi::{CStr, CString};
use std::os::raw::c_char;
use std::ptr;

use crate::error::{check, Error, Result};
use crate::params::Param;
use crate::sys;

/// The value type of a parameter (`mseq_param_type`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ParamType {
    /// An integer in `[min, max]`.
    Int,
    /// 0 or 1.
    Bool,
    /// 0..=max, named by `choices`.
    Enum,
    /// A finite `f64` in `[min_f64, max_f64]`.
    F64,
}

/// One row of the library's parameter table.
#[derive(Debug, Clone, PartialEq)]
pub struct ParamInfo {
    /// The key.
    pub key: Param,
    /// Lower-case name, `"min_spacing"`.
    pub name: &'static str,
    /// One help line.
    pub help: &'static str,
    /// The value type.
    pub value_type: ParamType,
    /// The group (`sys::MSEQ_GROUP_*`).
    pub group: sys::mseq_param_group,
    /// Smallest accepted value.
    pub min: i64,
    /// Largest accepted value.
    pub max: i64,
    /// The value of a new parameter set.
    pub default_value: i64,
    /// `min` as an `f64` (the bound of an `F64` key).
    pub min_f64: f64,
    /// `max` as an `f64`.
    pub max_f64: f64,
    /// The default as an `f64`.
    pub default_f64: f64,
    /// An enum's value names, in value order (empty for other types).
    pub choices: Vec<&'static str>,
}

fn static_str(p: *const c_char) -> &'static str {
    if p.is_null() {
        return "";
    }
    // SAFETY: the library's table strings are static, NUL-terminated ASCII.
    unsafe { CStr::from_ptr(p) }.to_str().unwrap_or("")
}

impl Param {
    /// The library's table row of this key.
    pub fn info(self) -> Result<ParamInfo> {
        // SAFETY: a zeroed mseq_param_desc is valid (null pointers, zeros).
        let mut d: sys::mseq_param_desc = unsafe { std::mem::zeroed() };
        d.version = sys::MSEQ_PARAM_DESC_VERSION;
        // SAFETY: `d` is a valid, versioned out-struct.
        check(unsafe { sys::mseq_param_info(&mut d, self.raw()) })?;
        let value_type = match d.value_type {
            sys::MSEQ_TYPE_BOOL => ParamType::Bool,
            sys::MSEQ_TYPE_ENUM => ParamType::Enum,
            sys::MSEQ_TYPE_F64 => ParamType::F64,
            _ => ParamType::Int,
        };
        let choices = static_str(d.choices);
        Ok(ParamInfo {
            key: self,
            name: static_str(d.name),
            help: static_str(d.help),
            value_type,
            group: d.group,
            min: d.min,
            max: d.max,
            default_value: d.default_value,
            min_f64: d.min_f64,
            max_f64: d.max_f64,
            default_f64: d.default_f64,
            choices: if choices.is_empty() {
                Vec::new()
            } else {
                choices.split('|').collect()
            },
        })
    }

    /// The key named `name` (`"min_spacing"`) in the library's table.
    pub fn by_name(name: &str) -> Result<Param> {
        let c = CString::new(name).map_err(|_| {
            Error::new(
                sys::MSEQ_EINVAL,
                format!("parameter name {name:?} contains a NUL byte"),
            )
        })?;
        let mut key: sys::mseq_param = 0;
        // SAFETY: valid out-pointer and NUL-terminated name.
        check(unsafe { sys::mseq_param_by_name(&mut key, c.as_ptr()) })?;
        Param::from_raw(key).ok_or_else(|| {
            Error::new(
                sys::MSEQ_EINTERNAL,
                format!("the library's key {key} ({name}) is unknown to this crate"),
            )
        })
    }

    /// The library's keys, in table order, as raw `mseq_param` values
    /// (keys newer than this crate included).
    pub fn table_keys() -> Result<Vec<sys::mseq_param>> {
        let mut n = 0usize;
        // SAFETY: out NULL with cap 0 asks the count only.
        check(unsafe { sys::mseq_param_list(ptr::null_mut(), 0, &mut n) })?;
        let mut keys = vec![0; n];
        // SAFETY: `keys` has room for n entries.
        check(unsafe { sys::mseq_param_list(keys.as_mut_ptr(), n, &mut n) })?;
        Ok(keys)
    }
}
