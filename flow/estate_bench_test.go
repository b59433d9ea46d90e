package flow

import (
	"fmt"
	"testing"
)

// An apply of an unchanged estate of 100 deployed streams: the file read and checked, every stream's config
// built and compared with its release, nothing to do. The fake platform counts the calls: the figure in
// docs/estate.md holds only with none made (writes or reads).
func BenchmarkEstateApplyUnchanged100(b *testing.B) {
	e := newEngine(b)
	for i := range 100 {
		name := fmt.Sprintf("s%03d", i)
		e.createStream(name, "time | transform | log")
		e.deploy(name, props("app.log.greeting", "hi", "app.transform.db.password", "s3cret", "deployer.log.count", "2",
			"deployer.time.kubernetes.limits.memory", "1Gi"))
	}
	ex, err := e.f.ExportEstate(e.ctx)
	if err != nil {
		b.Fatal(err)
	}
	data, err := MarshalEstate(ex.Estate)
	if err != nil {
		b.Fatal(err)
	}
	env := map[string]string{}
	for _, v := range ex.Variables {
		env[v] = "s3cret"
	}
	req := EstateApplyRequest{Path: "estate.yaml", Data: data, Getenv: func(k string) string { return env[k] }}
	calls := len(e.p.log())
	for b.Loop() {
		plan, err := e.f.PlanEstate(e.ctx, req)
		if err != nil {
			b.Fatal(err)
		}
		if len(plan.Steps) != 0 {
			b.Fatalf("an unchanged estate plans %d steps", len(plan.Steps))
		}
		if err := e.f.ApplyEstate(e.ctx, plan, nil); err != nil {
			b.Fatal(err)
		}
	}
	platformCalls := len(e.p.log()) - calls
	if platformCalls != 0 {
		b.Fatalf("the unchanged applies called the platform %d times: %v", platformCalls, e.p.log()[calls:])
	}
	b.ReportMetric(float64(platformCalls), "platform-calls")
}
