// Run by `make crosslang` (tools/crosslang.py) with node on the typescript-fetch client compiled to CommonJS:
// decode the evolved payloads with its FromJSON functions and exit 1 if one throws or loses a value.
//     node decode.cjs <compiled client folder> <evolved payload folder>
"use strict";
const fs = require("fs");
const path = require("path");

const [clientFolder, evolvedFolder] = process.argv.slice(2);
const client = require(path.resolve(clientFolder, "index.js"));
const read = (name) => JSON.parse(fs.readFileSync(path.join(evolvedFolder, `${name}.json`), "utf8"));

const problems = [];
function expect(what, actual, expected) {
  if (JSON.stringify(actual) !== JSON.stringify(expected)) {
    problems.push(`${what}: got ${JSON.stringify(actual)}, expected ${JSON.stringify(expected)}`);
  }
}

try {
  const order = client.OrderFromJSON(read("order"));
  expect("Order.info.status", order.info.status, "Archived");
  expect("Order.info.product.packageType", order.info.product.packageType, "premium");
  expect("Order.info.product.addOns", order.info.product.addOns, ["gla", "6h_turnaround"]);
  const event = client.OrderStatusEventFromJSON(read("order-status-event"));
  expect("OrderStatusEvent.currentStatus", event.currentStatus, "Archived");
  expect("OrderStatusEvent.productType", event.productType, "products_4d");
  const config = client.WebhookConfigFromJSON(read("webhook-config"));
  expect("WebhookConfig.webhookTriggers", config.webhookTriggers, ["moved_to_archived"]);
} catch (error) {
  problems.push(`rejected: ${error && error.stack ? error.stack : error}`);
}
if (problems.length) {
  console.log(problems.join("\n"));
  process.exit(1);
}
