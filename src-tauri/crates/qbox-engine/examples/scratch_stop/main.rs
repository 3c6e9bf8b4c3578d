use qbox_engine::{Engine, EngineConfig, RunEvent, RunListener};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
fn main() {
    let home = tempfile::tempdir().unwrap();
    let engine = Arc::new(Engine::open(EngineConfig::new(home.path())).unwrap());
    for i in 0..10 {
        let ended = Arc::new(Mutex::new(None));
        let e2 = ended.clone();
        let l = RunListener::new(move |e| {
            if let RunEvent::ResultEnded { rows, end, .. } = e {
                *e2.lock().unwrap() = Some((rows, end));
            }
        });
        let t = Instant::now();
        let out = engine
            .run_watched(
                "r",
                "select range as n, md5(md5(range::varchar)) as h from range(300000000)",
                &l,
            )
            .unwrap();
        let id = out.into_result().unwrap().id;
        // a reader of windows, as the grid
        let e3 = engine.clone();
        let w = std::thread::spawn(move || {
            for k in 0..20 {
                let _ = e3.results().window(id, k * 500, 500, &Default::default());
            }
        });
        std::thread::sleep(Duration::from_millis(300 + 200 * (i % 4)));
        let asked = Instant::now();
        assert!(engine.cancel("r"));
        let mut waited = 0;
        while ended.lock().unwrap().is_none() && waited < 100 {
            std::thread::sleep(Duration::from_millis(100));
            waited += 1;
        }
        println!(
            "round {i}: ended {:?} after {:?} (run {:?})",
            ended.lock().unwrap(),
            asked.elapsed(),
            t.elapsed()
        );
        let _ = w.join();
        engine.results().close_result(id).unwrap();
    }
}
