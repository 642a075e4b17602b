export { FaultInjector, type FaultCounters, type FaultDecision } from './faults/fault-injector';
export { faultMiddleware, type FaultMiddlewareOptions } from './faults/fault-middleware';
export { describeFaultSpec, isActive, NO_FAULTS, parseFaultSpec, type FaultSpec } from './faults/fault-spec';
export { SeededRandom } from './seeded-random';
export { listen, type ListeningServer } from './http/listen';
