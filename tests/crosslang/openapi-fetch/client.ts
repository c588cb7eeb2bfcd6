// A TypeScript team's day-one client: types from openapi-typescript, calls through openapi-fetch, compiled with
// `tsc --strict` by `make crosslang` against the bundled spec (dist/cubicasa-integrate-v3.openapi.yaml).
// It is written the way openapi-fetch's own documentation writes it: `if (error) throw error`, then `data` is used
// as it is. tools/crosslang.py also runs no-assertions.cjs on this file, which fails on any non-null assertion
// (`data!`), type assertion (`as`, `<T>x`) or `@ts-ignore`/`@ts-expect-error`: each would hide a spec that does
// not let the compiler narrow `data`.
import createClient from "openapi-fetch";
import type { components, paths } from "cubicasa-schema";

type Order = components["schemas"]["Order"];

export function cubicasa(apiKey: string, baseUrl: string = "https://app.cubi.casa/api/integrate/v3") {
  return createClient<paths>({ baseUrl, headers: { "api-key": apiKey } });
}
export type CubiCasa = ReturnType<typeof cubicasa>;

// List: the ids of the ready orders on one page, following the documented pagination.
export async function readyOrderIds(client: CubiCasa, offset: number = 0): Promise<string[]> {
  const { data, error } = await client.GET("/orders", { params: { query: { status: ["Ready"], limit: 20, offset } } });
  if (error) throw error;
  const ids = data.items.map((order) => order.id);
  const next = data.pagination.next_offset;
  return data.pagination.has_more && next != null ? [...ids, ...(await readyOrderIds(client, next))] : ids;
}

// Get: one order, by the same path parameter name as every other order route.
export async function getOrder(client: CubiCasa, orderId: string): Promise<Order> {
  const { data, error } = await client.GET("/orders/{order_id}", { params: { path: { order_id: orderId } } });
  if (error) throw error;
  return data;
}

// Upgrade: buy an add-on without touching the package (no `package_type: null` needed)...
export async function buyGla(client: CubiCasa, orderId: string): Promise<string[]> {
  const { data, error } = await client.POST("/orders/{order_id}/post-purchase", {
    params: { path: { order_id: orderId } },
    body: { add_ons: ["gla"] },
  });
  if (error) throw error;
  return data.info.product?.add_ons ?? [];
}

// ...or change the package, with a name the order itself advertises (open enum: any string).
export async function upgradePackage(client: CubiCasa, orderId: string): Promise<Order> {
  const order = await getOrder(client, orderId);
  const target = order.info.product?.purchasable_package_types?.[0];
  if (target == null) return order;
  const { data, error } = await client.POST("/orders/{order_id}/post-purchase", {
    params: { path: { order_id: orderId } },
    body: { package_type: target, add_ons: [] },
  });
  if (error) throw error;
  return data;
}

// Error handling: a missing order is a value, a purchase whose outcome is unknown (5XX) is re-read, not resent.
export class CubiCasaError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {
    super(`CubiCasa answered ${status}`);
  }
}

export async function findOrder(client: CubiCasa, orderId: string): Promise<Order | null> {
  const { data, error, response } = await client.GET("/orders/{order_id}", { params: { path: { order_id: orderId } } });
  if (response.status === 404) return null;
  if (error) throw new CubiCasaError(response.status, error);
  return data;
}

export async function buyOnce(client: CubiCasa, orderId: string, addOn: string): Promise<Order> {
  const { data, error, response } = await client.POST("/orders/{order_id}/post-purchase", {
    params: { path: { order_id: orderId } },
    body: { add_ons: [addOn] },
  });
  if (response.status >= 500) return getOrder(client, orderId); // outcome unknown: look, never buy twice
  if (error) throw new CubiCasaError(response.status, error);
  return data;
}

// A 400 carries the validation_error body (third-party capture): its fields are typed, not `any`.
export function firstValidationMessage(error: components["schemas"]["ValidationErrorBody"]): string | undefined {
  return error.validation_error?.body_params?.[0]?.msg;
}
