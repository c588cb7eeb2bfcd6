// Compiled with `tsc --strict` by `make crosslang` against the types openapi-typescript generates from the bundled
// spec (dist/cubicasa-integrate-v3.openapi.yaml). It is what another team would write on day one; each
// `@ts-expect-error` proves a type is precise rather than `any` (an unused one is itself a compile error).
import type { components, operations, paths, webhooks } from "cubicasa-schema";

type Schemas = components["schemas"];
export type Order = Schemas["Order"];
export type UpgradeOrderRequest = Schemas["UpgradeOrderRequest"];
export type ListOrdersQuery = NonNullable<operations["listOrders"]["parameters"]["query"]>;
export type GetOrderResponse = paths["/orders/{order_id}"]["get"]["responses"][200]["content"]["application/json"];
export type OrderStatusEvent = NonNullable<
  webhooks["orderStatus"]["post"]["requestBody"]
>["content"]["application/json"];

// package_type is optional and nullable: null (the documented example) or absent keeps the current package.
export const keepPackage: UpgradeOrderRequest = { package_type: null, add_ons: ["gla"] };
export const omitPackage: UpgradeOrderRequest = { add_ons: ["gla"] };
export const toPlus3d: UpgradeOrderRequest = { package_type: "plus_3d", add_ons: [] };
// @ts-expect-error add_ons is required (send [] to buy only a package)
export const missingAddOns: UpgradeOrderRequest = { package_type: "plus_3d" };
// A purchase may name a package or add-on newer than the spec (the order's purchasable_* lists say what it sells)...
export const newerPackage: UpgradeOrderRequest = { package_type: "platinum", add_ons: ["6h_turnaround"] };
// @ts-expect-error ...but it is still a string (or null)
export const numberPackage: UpgradeOrderRequest = { package_type: 3, add_ons: [] };

// A list-orders query with a repeated `status` (style form, explode: ?status=Pending&status=Ready).
export const readyOrPending: ListOrdersQuery = { status: ["Pending", "Ready"], limit: 20, offset: 0 };
// @ts-expect-error status is a list of OrderStatus values, not a comma-joined string
export const joined: ListOrdersQuery = { status: "Pending,Ready" };

// An Order as getOrder returns it: timestamps are float unix seconds, most info fields are nullable.
export const order: GetOrderResponse = {
  id: "312babc6-e742-4d54-ac49-e0f7b16ec15a",
  info: {
    status: "Ready",
    created_at: 1716238626.904049,
    first_delivered_at: null,
    product: {
      package_type: "plus",
      add_ons: ["gla"],
      purchasable_add_ons: ["3d_cad_files"],
      purchasable_package_types: ["plus_3d"],
    },
  },
  address: null,
  delivery_assets: {
    listing_floorplans: { png_urls: ["https://example.invalid/plan.png"], pdf_urls: null },
    gla_package: null,
  },
};
// @ts-expect-error created_at is a number (unix seconds), never an ISO string
export const isoTimestamp: Schemas["OrderInfo"] = { status: "New", created_at: "2024-05-20T20:57:06Z" };

// Reading delivery_assets under strictNullChecks: every group and every URL list may be null or absent.
export function floorPlanPngs(o: Order): string[] {
  return o.delivery_assets?.listing_floorplans?.png_urls ?? [];
}
export function glaReports(o: Order): string[] {
  return o.delivery_assets?.gla_package?.report_urls ?? [];
}
export function deliveredAt(o: Order): Date | null {
  const seconds = o.info.first_delivered_at;
  return seconds == null ? null : new Date(seconds * 1000);
}

// The webhook payload (3.1 `webhooks`): previous_status is a nullable enum.
export function isFirstDelivery(event: OrderStatusEvent): boolean {
  return event.current_status === "Ready" && event.previous_status === "Pending";
}
