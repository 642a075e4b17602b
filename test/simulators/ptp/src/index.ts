// Filled in by the simulator's issue; this file keeps the build green until then.
export {};
