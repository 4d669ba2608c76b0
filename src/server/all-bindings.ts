/** The complete set of bindings a running server registers: services, health, reflection. */
import type { ServiceBinding } from "../services/rpc.ts";
import { allServices } from "../services/registry.ts";
import type { ServiceEnv } from "../services/service-env.ts";
import { healthService, type HealthState } from "./health.ts";
import { reflectionServices } from "./reflection.ts";

/** Application services plus grpc.health.v1 and server reflection describing them. */
export function allBindings(env: ServiceEnv, health: HealthState): ServiceBinding[] {
  const services = allServices(env);
  const withHealth = [...services, healthService(services.map((b) => b.service.typeName), health)];
  return [...withHealth, ...reflectionServices(withHealth.map((b) => b.service))];
}
