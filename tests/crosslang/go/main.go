// Run by `make crosslang` (tools/crosslang.py) inside the Go client openapi-generator generates from the bundled
// spec: it decodes the evolved payloads with the generated models and exits 1 if any of them is rejected.
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
	fmt.Println("order status:", *order.Info.Status.String, "event status:", *event.CurrentStatus.String,
		"triggers:", *config.WebhookTriggers[0].String)
}
