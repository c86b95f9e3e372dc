//! The library's parameter table through the crate: every key the crate
//! names is in the table (and the other way round), and its rows say what
//! `Params` accepts.

use mnistseq::{ErrorKind, Param, ParamType, Params};

#[test]
fn the_crates_keys_are_exactly_the_librarys() {
    let table = Param::table_keys().unwrap();
    assert_eq!(table.len(), Param::ALL.len());
    for key in Param::ALL {
        assert!(table.contains(&key.raw()), "{key:?} is not in the table");
        let info = key.info().unwrap();
        assert_eq!(info.key, key);
        assert_eq!(Param::by_name(info.name).unwrap(), key);
        assert!(!info.help.is_empty());
    }
}

#[test]
fn rows_say_the_defaults_and_bounds_params_has() {
    let mut p = Params::new().unwrap();
    for key in Param::ALL {
        let info = key.info().unwrap();
        if info.value_type == ParamType::F64 {
            assert_eq!(p.get_f64(key).unwrap(), info.default_f64, "{}", info.name);
            p.set_f64(key, info.max_f64).unwrap();
            assert_eq!(p.get_f64(key).unwrap(), info.max_f64);
            let e = p.set_f64(key, info.max_f64 * 2.0 + 1.0).unwrap_err();
            assert_eq!(e.kind(), ErrorKind::Range, "{}", info.name);
            let e = p.set_f64(key, f64::NAN).unwrap_err();
            assert_eq!(e.kind(), ErrorKind::InvalidArgument, "{}", info.name);
            assert_eq!(p.get_f64(key).unwrap(), info.max_f64, "unchanged");
            assert!(p.get(key).is_err(), "{} reads as f64 only", info.name);
            continue;
        }
        assert_eq!(p.get(key).unwrap(), info.default_value, "{}", info.name);
        p.set(key, info.max).unwrap();
        assert_eq!(p.get(key).unwrap(), info.max);
        if info.max < i64::MAX {
            let e = p.set(key, info.max + 1).unwrap_err();
            let want = if info.value_type == ParamType::Int {
                ErrorKind::Range
            } else {
                ErrorKind::InvalidArgument
            };
            assert_eq!(e.kind(), want, "{}", info.name);
        }
    }
    assert_eq!(
        Param::Fit.info().unwrap().choices,
        vec!["pad", "exact", "strict"]
    );
    assert_eq!(Param::Invert.info().unwrap().value_type, ParamType::Bool);
}

#[test]
fn an_unknown_name_is_an_invalid_argument() {
    let e = Param::by_name("spacing").unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidArgument);
    assert!(e.to_string().contains("'spacing'"), "{e}");
    assert_eq!(
        Param::by_name("a\0b").unwrap_err().kind(),
        ErrorKind::InvalidArgument
    );
}
