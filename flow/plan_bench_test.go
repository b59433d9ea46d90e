package flow

import "testing"

// The cost of `stream update --dryRun` (the plan) against `stream info` (the definition and the runtime state)
// on a deployed stream, with the fake platform: what flow and the store add. docs/streams.md has the figures.
func BenchmarkPlanStreamUpdate(b *testing.B) {
	e := newEngine(b)
	e.deploy("tick", props("app.log.db.password", "hunter2", "deployer.log.count", "2"))
	req := StreamUpdateRequest{Name: "tick", Properties: props("app.log.level", "WARN", "version.log", "5.0.1")}
	for b.Loop() {
		if _, err := e.f.PlanStreamUpdate(e.ctx, req); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkStreamInfo(b *testing.B) {
	e := newEngine(b)
	e.deploy("tick", props("app.log.db.password", "hunter2", "deployer.log.count", "2"))
	for b.Loop() {
		if _, _, err := e.f.StreamDefinition(e.ctx, "tick"); err != nil {
			b.Fatal(err)
		}
		if _, err := e.f.StreamRuntimeOf(e.ctx, "tick"); err != nil {
			b.Fatal(err)
		}
	}
}
