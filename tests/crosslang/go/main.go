// Run by `make crosslang` (tools/crosslang.py) inside the Go client openapi-generator generates from the bundled
// spec: it decodes the evolved payloads with the generated models and exits 1 if any of them is rejected, or if a
// known value (add-on `gla`, status `Ready`) does not arrive as its enum type: the open form must keep those.
package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"

	client "github.com/GIT_USER_ID/GIT_REPO_ID"
)

func decode(folder, name string, into any) {
	data, err := os.ReadFile(filepath.Join(folder, name))
	if err == nil {
		err = json.Unmarshal(data, into)
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "%s: %v\n", name, err)
		os.Exit(1)
	}
}

func main() {
	var order client.Order
	var event client.OrderStatusEvent
	var config client.WebhookConfig
	decode(os.Args[1], "order.json", &order)
	decode(os.Args[1], "order-status-event.json", &event)
	decode(os.Args[1], "webhook-config.json", &config)
	product := order.Info.Product.Get()
	known := product.AddOns[0].AddOn
	if known == nil || *known != client.ADDON_GLA {
		fmt.Fprintln(os.Stderr, "order.json: the known add-on gla did not decode to the AddOn enum")
		os.Exit(1)
	}
	fmt.Println("order status:", *order.Info.Status.String, "package:", *product.PackageType.String,
		"add-ons:", *known, *product.AddOns[1].String, "event status:", *event.CurrentStatus.String,
		"triggers:", *config.WebhookTriggers[0].String)
}
