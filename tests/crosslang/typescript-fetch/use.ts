// Compiled with `tsc --strict` by `make crosslang` together with the typescript-fetch client that openapi-generator
// generates from the bundled spec. It calls each API class the way another team would, which also proves that no
// operation went missing (openapi-generator writes 3.1 webhooks into the API class of their tag: see
// tools/crosslang.py).
import {
  AddOn,
  Configuration,
  type Order,
  OrderStatus,
  OrdersApi,
  PackageType,
  UsersApi,
  UserRole,
  WebhookTrigger,
  WebhooksApi,
  type OrderStatusEvent,
} from "cubicasa-typescript-fetch";

const config = new Configuration({
  basePath: "https://app.cubi.casa/api/integrate/v3",
  apiKey: "your-api-key", // sent as the `api-key` header
});
const orders = new OrdersApi(config);

// packageType is optional and nullable: left out or null, the current package is kept.
export async function buyGla(orderId: string): Promise<Order> {
  return orders.upgradeOrder({ orderId, upgradeOrderRequest: { addOns: [AddOn.GLA] } });
}

export async function buyGlaKeepingPackage(orderId: string): Promise<Order> {
  return orders.upgradeOrder({ orderId, upgradeOrderRequest: { packageType: null, addOns: [AddOn.GLA] } });
}

export async function upgradeToPlus3d(orderId: string): Promise<Order> {
  return orders.upgradeOrder({ orderId, upgradeOrderRequest: { packageType: PackageType.Plus3d, addOns: [] } });
}

export async function readyOrders(): Promise<Order[]> {
  // Repeated query parameter: ?status=Pending&status=Ready
  const page = await orders.listOrders({ status: [OrderStatus.Pending, OrderStatus.Ready], limit: 20 });
  return page.items;
}

// The same `orderId` as every other order call (the spec names the path parameter order_id on every route).
export async function floorPlanPngs(orderId: string): Promise<string[]> {
  const order = await orders.getOrder({ orderId });
  return order.deliveryAssets?.listingFloorplans?.pngUrls ?? [];
}

export async function registerWebhook(url: string): Promise<string[]> {
  const registered = await new WebhooksApi(config).updateCompanyWebhooks({
    webhookConfig: { webhookUrls: [url], webhookTriggers: [WebhookTrigger.MovedToReady] },
  });
  return registered.webhookUrls ?? [];
}

export async function inviteManager(email: string): Promise<string | undefined> {
  const created = await new UsersApi(config).addUser({ addUserRequest: { email, role: UserRole.Manager } });
  return created.id;
}

export function isFirstDelivery(event: OrderStatusEvent): boolean {
  return event.currentStatus === OrderStatus.Ready && event.previousStatus === OrderStatus.Pending;
}
