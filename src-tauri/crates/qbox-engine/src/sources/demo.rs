//! The demo workspace: a small shop dataset that QBox generates itself on first launch.

use std::path::{Path, PathBuf};

use crate::base::error::{EngineError, Result};
use crate::base::ident::quote_literal;
use crate::engine::Engine;

/// The sample query opened with the demo workspace.
pub const DEMO_QUERY: &str = "-- Revenue by product category, from the demo files\n\
SELECT p.category,\n       count(DISTINCT o.customer_id) AS customers,\n       \
sum(o.quantity * p.price)      AS revenue\n\
FROM file_orders o\n\
JOIN file_products p USING (product_id)\n\
GROUP BY p.category\n\
ORDER BY revenue DESC;\n";

/// Writes customers.csv, products.csv and orders.parquet into `dir`; returns their paths.
/// The data is derived from row numbers, so every install gets the same files.
pub fn write_demo_files(engine: &Engine, dir: &Path) -> Result<Vec<PathBuf>> {
    std::fs::create_dir_all(dir).map_err(|e| EngineError::io("cannot create", dir, e))?;
    let customers = dir.join("customers.csv");
    let products = dir.join("products.csv");
    let orders = dir.join("orders.parquet");
    let conn = engine.db.connect()?;
    conn.execute_batch(&format!(
        "COPY (
            SELECT i AS customer_id,
                   ['Ada','Grace','Alan','Edsger','Barbara','Donald','Frances','John','Margaret','Ken'][1 + i % 10]
                     || ' ' || ['Lovelace','Hopper','Turing','Dijkstra','Liskov','Knuth','Allen','Backus','Hamilton','Thompson'][1 + (i * 7) % 10] AS name,
                   ['Berlin','Lisbon','Nairobi','Osaka','Toronto','Lima','Oslo','Austin'][1 + (i * 3) % 8] AS city,
                   DATE '2022-01-01' + INTERVAL (i * 5 % 900) DAY AS signed_up
            FROM range(1, 201) t(i)
        ) TO {} (HEADER, DELIMITER ',');
        COPY (
            SELECT i AS product_id,
                   ['Keyboard','Mouse','Monitor','Laptop stand','Headphones','Webcam','Desk lamp','USB hub','Notebook','Pen set',
                    'Chair','Desk','Cable kit','Microphone','Speaker','Tablet','Charger','Backpack','Mug','Plant'][i] AS name,
                   ['Electronics','Electronics','Electronics','Office','Audio','Electronics','Office','Electronics','Stationery','Stationery',
                    'Furniture','Furniture','Electronics','Audio','Audio','Electronics','Electronics','Accessories','Accessories','Accessories'][i] AS category,
                   CAST(round(5 + (i * 37 % 250) + (i % 4) * 0.25, 2) AS DECIMAL(10, 2)) AS price
            FROM range(1, 21) t(i)
        ) TO {} (HEADER, DELIMITER ',');
        COPY (
            SELECT i AS order_id,
                   1 + (i * 31) % 200 AS customer_id,
                   1 + (i * 17) % 20 AS product_id,
                   1 + (i * 13) % 5 AS quantity,
                   TIMESTAMP '2024-01-01 08:00:00' + INTERVAL (i * 47 % 525600) MINUTE AS ordered_at
            FROM range(1, 5001) t(i)
        ) TO {} (FORMAT parquet);",
        quote_literal(&customers.to_string_lossy()),
        quote_literal(&products.to_string_lossy()),
        quote_literal(&orders.to_string_lossy()),
    ))?;
    Ok(vec![customers, orders, products])
}
