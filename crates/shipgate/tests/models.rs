//! App-model snapshots, one per framework shape under `tests/models/<shape>/`: routes with
//! their guard class and evidence, pages, middleware. An extraction or guard-decision bug
//! fails here, in one place, before it fails fifty rule fixtures.

use shipgate_model::Config;
use std::path::Path;

#[test]
fn model_snapshots() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/models");
    let mut shapes: Vec<_> = std::fs::read_dir(&root)
        .expect("tests/models exists")
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    shapes.sort();
    assert!(!shapes.is_empty(), "no model shapes in {}", root.display());
    for dir in shapes {
        let name = dir
            .file_name()
            .and_then(|n| n.to_str())
            .expect("utf-8 name")
            .to_string();
        let config = match std::fs::read_to_string(dir.join("shipgate.toml")) {
            Ok(t) => Config::parse(&t, "shipgate.toml").expect("valid shipgate.toml"),
            Err(_) => Config::default(),
        };
        let model = shipgate_extract::build_model(&dir, &name, config).expect("model builds");
        let json = shipgate_report::debug::model_json(&model);
        insta::assert_json_snapshot!(name, json);
    }
}
