//! Tables and views made with SQL in the local database can be dropped by name, whatever the
//! name holds; nothing else is dropped.

use qbox_engine::RelationKind;
use qbox_testkit::engine::engine;

#[test]
fn drops_the_named_table_or_view_and_only_it() {
    let t = engine();
    t.engine
        .run(
            "make",
            "create table \"we\"\"ird; drop table keep\" as select 1 as a;\n\
             create table keep as select 2 as b;\n\
             create view v as select * from keep;\n\
             create schema s; create table s.t as select 3 as c;",
        )
        .unwrap();
    assert_eq!(
        t.engine
            .sources()
            .drop_local_relation("main", "we\"ird; drop table keep")
            .unwrap(),
        RelationKind::Table
    );
    assert_eq!(
        t.engine.sources().drop_local_relation("main", "v").unwrap(),
        RelationKind::View
    );
    assert_eq!(
        t.engine.sources().drop_local_relation("s", "t").unwrap(),
        RelationKind::Table
    );
    assert_eq!(t.rows("select b from keep"), vec![vec!["2".to_string()]]);
    let err = t
        .engine
        .sources()
        .drop_local_relation("main", "v")
        .unwrap_err();
    assert!(err.to_string().contains("no table or view main.v"), "{err}");
    let names: Vec<String> = t
        .engine
        .catalog_of("qbox")
        .unwrap()
        .into_iter()
        .map(|r| format!("{}.{}", r.schema, r.name))
        .collect();
    assert_eq!(names, vec!["main.keep"]);
}
