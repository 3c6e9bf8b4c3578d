//! S3 connections against a real S3-compatible server (moto, on loopback): per-bucket scoped
//! secrets, objects as views with unique names, folders with hive partitions, listings with
//! paging and search, and the failures a user meets (missing bucket, empty prefix, a malformed
//! object, 2,000 objects under one prefix).

use std::path::Path;

use qbox_engine::{S3Config, S3Entry};
use qbox_testkit::s3::S3Server;
use qbox_testkit::workspace::{config, loopback_counter, rows};
use qbox_workspace::{ConnectionSettings, ConnectionStatus, Workspace};

fn gzip(bytes: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut child = std::process::Command::new("gzip")
        .arg("-c")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(bytes).unwrap();
    child.wait_with_output().unwrap().stdout
}

fn bucket(server: &S3Server, name: &str, key_id: &str) -> ConnectionSettings {
    ConnectionSettings::S3(S3Config {
        bucket: name.into(),
        region: "us-east-1".into(),
        endpoint: Some(server.endpoint()),
        path_style: true,
        use_ssl: false,
        access_key_id: Some(key_id.into()),
        credential_chain: false,
    })
}

/// Parquet bytes written by DuckDB itself.
async fn parquet_bytes(ws: &Workspace, dir: &Path, select: &str) -> Vec<u8> {
    let path = dir.join("fixture.parquet");
    ws.run(
        "fixture".into(),
        format!("COPY ({select}) TO '{}' (FORMAT parquet)", path.display()),
    )
    .await
    .unwrap();
    std::fs::read(path).unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_buckets_with_their_own_keys_join_a_local_file() {
    let server = S3Server::start();
    server.create_bucket("alpha");
    server.create_bucket("beta");
    let dir = tempfile::tempdir().unwrap();
    let ws = Workspace::open(config(dir.path())).await.unwrap();

    server.put(
        "alpha",
        "sales/2024/sales_2024.csv",
        b"customer_id,amount\n1,10.5\n2,20\n",
    );
    server.put(
        "alpha",
        "sales/archive/sales_2024.csv",
        b"customer_id,amount\n1,1\n",
    );
    let pq = parquet_bytes(
        &ws,
        dir.path(),
        "SELECT * FROM (VALUES (1, 'gold'), (2, 'silver')) t(customer_id, tier)",
    )
    .await;
    server.put("beta", "tiers.parquet", &pq);
    server.put(
        "alpha",
        "events/year=2024/part.csv",
        b"customer_id,clicks\n1,3\n",
    );
    server.put(
        "alpha",
        "events/year=2025/part.csv",
        b"customer_id,clicks\n1,4\n2,5\n",
    );
    server.put("alpha", "broken/bad.parquet", b"this is not parquet");

    let a = ws
        .create_connection(
            "Alpha bucket",
            bucket(&server, "alpha", "KEY-A"),
            Some("secret-a".into()),
        )
        .await
        .unwrap();
    let b = ws
        .create_connection(
            "Beta",
            bucket(&server, "beta", "KEY-B"),
            Some("secret-b".into()),
        )
        .await
        .unwrap();
    assert_eq!(a.status, ConnectionStatus::Attached, "{a:?}");
    assert_eq!(b.status, ConnectionStatus::Attached, "{b:?}");
    assert_eq!(a.identifier, "alpha_bucket");

    // Same-named objects in different folders get unique view names in the connection's schema.
    let views = ws
        .add_s3_objects(
            a.id,
            vec![
                "sales/2024/sales_2024.csv".into(),
                "sales/archive/sales_2024.csv".into(),
            ],
            false,
            None,
        )
        .await
        .unwrap();
    let names: Vec<&str> = views.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        ["alpha_bucket.sales_2024", "alpha_bucket.sales_2024_2"]
    );
    let tiers = ws
        .add_s3_objects(b.id, vec!["tiers.parquet".into()], false, None)
        .await
        .unwrap();
    assert_eq!(tiers[0].0, "beta.tiers");
    // A whole prefix as one table, hive partitions included.
    let events = ws
        .add_s3_objects(
            a.id,
            vec!["events/".into()],
            true,
            Some(qbox_engine::FileFormat::Csv),
        )
        .await
        .unwrap();
    assert_eq!(events[0].0, "alpha_bucket.events");
    assert!(
        events[0].1.iter().any(|c| c.name == "year"),
        "{:?}",
        events[0].1
    );

    // Two buckets and a local CSV in one statement.
    let local = dir.path().join("names.csv");
    std::fs::write(&local, "customer_id,name\n1,Ada\n2,Grace\n").unwrap();
    ws.add_path(&local, None).await.unwrap();
    let joined = rows(
        &ws,
        "SELECT n.name, t.tier, s.amount::VARCHAR, e.clicks FROM alpha_bucket.sales_2024 s \
         JOIN beta.tiers t USING (customer_id) JOIN file_names n USING (customer_id) \
         JOIN (SELECT customer_id, sum(clicks)::BIGINT AS clicks FROM alpha_bucket.events GROUP BY 1) e USING (customer_id) \
         ORDER BY n.name",
    )
    .await;
    assert_eq!(
        joined,
        vec![
            vec!["Ada", "gold", "10.5", "7"],
            vec!["Grace", "silver", "20.0", "5"]
        ]
    );

    // Each bucket's requests use its own connection's secret.
    let chosen = rows(
        &ws,
        "SELECT (SELECT name FROM which_secret('s3://alpha/x.csv', 's3')), (SELECT name FROM which_secret('s3://beta/x.csv', 's3'))",
    )
    .await;
    assert_eq!(
        chosen,
        vec![vec!["qbox_secret_alpha_bucket", "qbox_secret_beta"]]
    );
    // A bucket whose name only starts with a connection's bucket is not covered by its secret.
    let other = rows(
        &ws,
        "SELECT count(*) FROM which_secret('s3://beta-archive/x.csv', 's3') WHERE name LIKE 'qbox%'",
    )
    .await;
    assert_eq!(other, vec![vec!["0"]]);

    // A malformed object is a clear error and leaves no view behind.
    let err = ws
        .add_s3_objects(a.id, vec!["broken/bad.parquet".into()], false, None)
        .await
        .unwrap_err();
    assert!(
        err.to_string()
            .contains("cannot read s3://alpha/broken/bad.parquet as parquet"),
        "{err}"
    );
    let catalog = ws.catalog().await.unwrap();
    assert!(!catalog.iter().any(|t| t.name == "bad"));
    assert!(catalog
        .iter()
        .any(|t| t.schema == "alpha_bucket" && t.name == "sales_2024_2"));

    // Views persist; after a restart the keys come back from the secret store.
    ws.delete_connection(b.id).await.unwrap();
    let catalog = ws.catalog().await.unwrap();
    assert!(
        !catalog.iter().any(|t| t.schema == "beta"),
        "the deleted bucket's views are gone"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn listings_page_search_and_report_missing_buckets() {
    let server = S3Server::start();
    server.create_bucket("many");
    server.boto(
        "from concurrent.futures import ThreadPoolExecutor\n\
         put = lambda k: s3.put_object(Bucket='many', Key=k, Body=b'a\\n1\\n')\n\
         keys = [f'logs/day-{i:04}.csv' for i in range(2000)] + ['top.csv', 'nested/deep/x.csv']\n\
         list(ThreadPoolExecutor(16).map(put, keys))\n",
    );
    let dir = tempfile::tempdir().unwrap();
    let ws = Workspace::open(config(dir.path())).await.unwrap();
    let c = ws
        .create_connection("Many", bucket(&server, "many", "K"), Some("S".into()))
        .await
        .unwrap();
    assert_eq!(c.status, ConnectionStatus::Attached);

    let root = ws.browse_s3(c.id, "".into(), None, 0, 100).await.unwrap();
    assert_eq!(
        root.entries,
        vec![
            S3Entry::Folder("logs/".into()),
            S3Entry::Folder("nested/".into()),
            S3Entry::Object("top.csv".into())
        ]
    );
    let page = ws
        .browse_s3(c.id, "logs/".into(), None, 1500, 100)
        .await
        .unwrap();
    assert_eq!(page.total, 2000);
    assert_eq!(page.entries.len(), 100);
    assert_eq!(page.entries[0], S3Entry::Object("logs/day-1500.csv".into()));
    let found = ws
        .browse_s3(c.id, "".into(), Some("DAY-19".into()), 0, 1000)
        .await
        .unwrap();
    assert_eq!(
        found.total, 100,
        "flat, case-insensitive search across folders"
    );
    let empty = ws
        .browse_s3(c.id, "nothing/".into(), None, 0, 100)
        .await
        .unwrap();
    assert_eq!((empty.total, empty.entries.len()), (0, 0));

    // A glob as one view (a hundred of the objects: each file is read at least once).
    let some = ws
        .add_s3_objects(c.id, vec!["logs/day-00*.csv".into()], true, None)
        .await
        .unwrap();
    assert_eq!(some[0].0, "many.logs");
    assert_eq!(
        rows(&ws, "SELECT count(*) FROM many.logs").await,
        vec![vec!["100"]]
    );

    let err = ws
        .test_connection(
            bucket(&server, "no-such-bucket", "K"),
            qbox_workspace::SecretInput::Set("S".into()),
            None,
        )
        .await
        .unwrap_err();
    assert!(err.to_string().contains("does not exist"), "{err}");
    assert!(!err.to_string().contains("\"S\""));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_aws_credential_chain_takes_keys_from_the_environment() {
    // The chain's first link is the environment, as on a machine configured for the AWS CLI.
    std::env::set_var("AWS_ACCESS_KEY_ID", "AKIA-FROM-ENV");
    std::env::set_var("AWS_SECRET_ACCESS_KEY", "secret-from-env");
    let server = S3Server::start();
    server.create_bucket("chained");
    server.put("chained", "data.csv", b"x\n42\n");
    let dir = tempfile::tempdir().unwrap();
    let ws = Workspace::open(config(dir.path())).await.unwrap();
    let c = ws
        .create_connection(
            "Chained",
            ConnectionSettings::S3(S3Config {
                bucket: "chained".into(),
                region: "us-east-1".into(),
                endpoint: Some(server.endpoint()),
                path_style: true,
                use_ssl: false,
                access_key_id: None,
                credential_chain: true,
            }),
            None,
        )
        .await
        .unwrap();
    assert_eq!(c.status, ConnectionStatus::Attached, "{c:?}");
    assert!(
        !c.has_password,
        "nothing is stored in the keychain for the chain"
    );
    ws.add_s3_objects(c.id, vec!["data.csv".into()], false, None)
        .await
        .unwrap();
    assert_eq!(
        rows(&ws, "SELECT x FROM chained.data").await,
        vec![vec!["42"]]
    );
    let provider = rows(
        &ws,
        "SELECT provider FROM duckdb_secrets() WHERE name = 'qbox_secret_chained'",
    )
    .await;
    assert_eq!(provider, vec![vec!["credential_chain"]]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_object_is_read_as_itself_whatever_its_key() {
    let server = S3Server::start();
    server.create_bucket("odd");
    server.put("odd", "weird[1].csv", b"x\n1\n");
    server.put("odd", "weird1.csv", b"x\n2\n");
    server.put("odd", "star*.csv", b"x\n3\n");
    server.put("odd", "starry.csv", b"x\n4\n");
    let dir = tempfile::tempdir().unwrap();
    let ws = Workspace::open(config(dir.path())).await.unwrap();
    let c = ws
        .create_connection("Odd", bucket(&server, "odd", "K"), Some("S".into()))
        .await
        .unwrap();
    server.put("odd", "sales.2024.csv.gz", &gzip(b"x\n9\n"));
    let views = ws
        .add_s3_objects(
            c.id,
            vec![
                "weird[1].csv".into(),
                "star*.csv".into(),
                "sales.2024.csv.gz".into(),
            ],
            false,
            None,
        )
        .await
        .unwrap();
    // Only the format's ending leaves the name.
    assert_eq!(views[2].0, "odd.sales_2024");
    for ((view, _), expected) in views.iter().zip(["1", "3", "9"]) {
        assert_eq!(
            rows(&ws, &format!("SELECT count(*), sum(x) FROM {view}")).await,
            vec![vec!["1", expected]],
            "{view}"
        );
    }
    // What follows `?` would be read as options of the address (another endpoint).
    let err = ws
        .add_s3_objects(
            c.id,
            vec!["x.csv?s3_endpoint=127.0.0.1:9".into()],
            false,
            Some(qbox_engine::FileFormat::Csv),
        )
        .await
        .unwrap_err();
    assert!(err.to_string().contains("contains '?'"), "{err}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_folder_is_browsed_as_itself_and_a_prefix_with_a_question_mark_is_refused() {
    let server = S3Server::start();
    server.create_bucket("shared");
    server.put("shared", "x/plain.csv", b"x\n1\n");
    server.put("shared", "[x]/bracketed.csv", b"x\n2\n");
    server.put("shared", "a*/star.csv", b"x\n3\n");
    server.put("shared", "ab/other.csv", b"x\n4\n");
    server.put("shared", "q?s3_endpoint=127.0.0.1:9/evil.csv", b"x\n5\n");
    let dir = tempfile::tempdir().unwrap();
    let ws = Workspace::open(config(dir.path())).await.unwrap();
    let c = ws
        .create_connection("Shared", bucket(&server, "shared", "K"), Some("S".into()))
        .await
        .unwrap();
    let listed = |prefix: &str| {
        let ws = &ws;
        let prefix = prefix.to_string();
        async move { ws.browse_s3(c.id, prefix, None, 0, 100).await }
    };
    // Glob characters in a folder's name match only themselves.
    assert_eq!(
        listed("[x]/").await.unwrap().entries,
        vec![S3Entry::Object("[x]/bracketed.csv".into())]
    );
    assert_eq!(
        listed("a*/").await.unwrap().entries,
        vec![S3Entry::Object("a*/star.csv".into())]
    );
    // The folder an object name makes is listed, and browsing into it is refused by name.
    let root = listed("").await.unwrap().entries;
    assert!(
        root.contains(&S3Entry::Folder("q?s3_endpoint=127.0.0.1:9/".into())),
        "{root:?}"
    );
    let err = listed("q?s3_endpoint=127.0.0.1:9/").await.unwrap_err();
    assert!(err.to_string().contains("contains '?'"), "{err}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stored_secret_key_goes_only_to_the_endpoint_it_was_saved_for() {
    let server = S3Server::start();
    server.create_bucket("kept");
    let dir = tempfile::tempdir().unwrap();
    let ws = Workspace::open(config(dir.path())).await.unwrap();
    let c = ws
        .create_connection("Kept", bucket(&server, "kept", "K"), Some("S".into()))
        .await
        .unwrap();
    assert_eq!(c.status, ConnectionStatus::Attached);
    let (port, reached) = loopback_counter();
    let ConnectionSettings::S3(mut moved) = bucket(&server, "kept", "K") else {
        unreachable!()
    };
    moved.endpoint = Some(format!("127.0.0.1:{port}"));
    let moved = ConnectionSettings::S3(moved);
    let err = ws
        .test_connection(moved.clone(), qbox_workspace::SecretInput::Keep, Some(c.id))
        .await
        .unwrap_err();
    assert!(
        err.to_string().contains("secret key was saved for"),
        "{err}"
    );
    let err = ws
        .update_connection(
            c.id,
            "Kept",
            moved.clone(),
            qbox_workspace::SecretInput::Keep,
        )
        .await
        .unwrap_err();
    assert!(err.to_string().contains("type it again"), "{err}");
    std::thread::sleep(std::time::Duration::from_millis(200));
    assert_eq!(reached.load(std::sync::atomic::Ordering::SeqCst), 0);
    assert_eq!(
        ws.connections().await.unwrap()[0].settings,
        bucket(&server, "kept", "K")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn deleting_a_bucket_drops_only_what_qbox_made() {
    let server = S3Server::start();
    server.create_bucket("lake");
    server.put("lake", "data.csv", b"x\n1\n");
    let dir = tempfile::tempdir().unwrap();
    let ws = Workspace::open(config(dir.path())).await.unwrap();

    // A schema the user made is not taken over by a connection of the same name.
    ws.run(
        "r".into(),
        "CREATE SCHEMA mine; CREATE TABLE mine.kept AS SELECT 7 AS n".into(),
    )
    .await
    .unwrap();
    let err = ws
        .create_connection("Mine", bucket(&server, "lake", "K"), Some("S".into()))
        .await
        .unwrap_err();
    assert!(err.to_string().contains("already has a schema"), "{err}");

    let c = ws
        .create_connection("Lake", bucket(&server, "lake", "K"), Some("S".into()))
        .await
        .unwrap();
    ws.add_s3_objects(c.id, vec!["data.csv".into()], false, None)
        .await
        .unwrap();
    ws.run(
        "r".into(),
        "CREATE TABLE lake.notes AS SELECT 'mine' AS note".into(),
    )
    .await
    .unwrap();
    ws.delete_connection(c.id).await.unwrap();
    assert_eq!(
        rows(&ws, "SELECT note FROM lake.notes").await,
        vec![vec!["mine"]]
    );
    assert_eq!(
        rows(
            &ws,
            "SELECT count(*) FROM duckdb_views() WHERE schema_name = 'lake'"
        )
        .await,
        vec![vec!["0"]]
    );
    assert_eq!(rows(&ws, "SELECT n FROM mine.kept").await, vec![vec!["7"]]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn attachments_of_one_connection_at_once_do_not_undo_each_other() {
    // Saves arriving together (or the start-up pass meeting a save) attach one after the other:
    // at the same time they replaced each other's secret and one's clean-up dropped the other's.
    let server = S3Server::start();
    server.create_bucket("busy");
    server.put("busy", "data.csv", b"x\n7\n");
    let dir = tempfile::tempdir().unwrap();
    let ws = Workspace::open(config(dir.path())).await.unwrap();
    let c = ws
        .create_connection("Busy", bucket(&server, "busy", "K"), Some("S".into()))
        .await
        .unwrap();
    assert_eq!(c.status, ConnectionStatus::Attached, "{c:?}");
    let save = || {
        ws.update_connection(
            c.id,
            "Busy",
            bucket(&server, "busy", "K"),
            qbox_workspace::SecretInput::Keep,
        )
    };
    let saved = tokio::join!(save(), save(), save(), save(), save(), save());
    for outcome in [saved.0, saved.1, saved.2, saved.3, saved.4, saved.5] {
        // Another save may already be attaching again when one returns; none has failed.
        let status = outcome.unwrap().status;
        assert!(
            matches!(
                status,
                ConnectionStatus::Attached | ConnectionStatus::Connecting
            ),
            "{status:?}"
        );
    }
    let now = ws.connections().await.unwrap();
    assert_eq!(now[0].status, ConnectionStatus::Attached);
    ws.add_s3_objects(c.id, vec!["data.csv".into()], false, None)
        .await
        .unwrap();
    assert_eq!(rows(&ws, "SELECT x FROM busy.data").await, vec![vec!["7"]]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn access_denied_is_reported_as_such_without_the_secret() {
    // Five free actions for the fixture (bucket, object, user, key, policy), then IAM applies.
    let server = S3Server::start_with_auth(5);
    let printed = server.boto_output(
        "import json\n\
         s3.create_bucket(Bucket='private')\n\
         s3.put_object(Bucket='private', Key='a.csv', Body=b'x\\n1\\n')\n\
         iam.create_user(UserName='reader')\n\
         k = iam.create_access_key(UserName='reader')['AccessKey']\n\
         iam.put_user_policy(UserName='reader', PolicyName='other-only', PolicyDocument=json.dumps({'Version': '2012-10-17', 'Statement': [{'Effect': 'Allow', 'Action': 's3:*', 'Resource': ['arn:aws:s3:::other', 'arn:aws:s3:::other/*']}]}))\n\
         print(k['AccessKeyId'], k['SecretAccessKey'])\n",
    );
    let (key_id, secret) = printed.trim().split_once(' ').expect("keys printed");
    let dir = tempfile::tempdir().unwrap();
    let ws = Workspace::open(config(dir.path())).await.unwrap();
    let err = ws
        .test_connection(
            bucket(&server, "private", key_id),
            qbox_workspace::SecretInput::Set(secret.into()),
            None,
        )
        .await
        .unwrap_err();
    let text = err.to_string();
    assert!(
        text.contains("access to the bucket \"private\" was denied"),
        "{text}"
    );
    assert!(!text.contains(secret), "{text}");
}
