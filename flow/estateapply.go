package flow

import (
	"context"
	"fmt"
	"slices"
	"strings"
)

// EstateStepError is an apply that failed at a step: the steps before it were made, the ones after it were not.
type EstateStepError struct {
	Step  EstateStep
	Index int // 1-based
	Of    int
	Err   error
}

func (e *EstateStepError) Error() string {
	return fmt.Sprintf("step %d of %d (%s %s %s) failed: %v", e.Index, e.Of, e.Step.Action, e.Step.Kind, e.Step.Name, e.Err)
}

func (e *EstateStepError) Unwrap() error { return e.Err }

// ApplyEstate makes a plan's changes in its order, through the commands' own use cases, so each change is
// checked and audited as the single command would be. It stops at the first failure; each step's Status says
// what was done. progress, when set, hears of each step as it ends.
func (f *Flow) ApplyEstate(ctx context.Context, plan *EstatePlan, progress func(EstateStep)) error {
	for i := range plan.Steps {
		plan.Steps[i].Status = EstateStepNotRun
	}
	for i := range plan.Steps {
		step := &plan.Steps[i]
		if err := step.run(ctx); err != nil {
			step.Status, step.Error = EstateStepFailed, RedactText(oneLineText(err.Error()))
			if progress != nil {
				progress(*step)
			}
			return &EstateStepError{Step: *step, Index: i + 1, Of: len(plan.Steps), Err: err}
		}
		step.Status = EstateStepDone
		if progress != nil {
			progress(*step)
		}
	}
	return nil
}

func oneLineText(s string) string { return strings.Join(strings.Fields(s), " ") }

// updateStreamToConfig is the update an estate apply makes of a deployed stream: the config a deploy of the
// file's properties builds (with the registry as it is now, after the apply's registrations) becomes the next
// release's config whole, and the apps that differ from the deployed ones are deployed again by the red/black
// upgrade, with UpdateStream's checks (an operation underway, ownership, leftovers first) and audit.
func (f *Flow) updateStreamToConfig(ctx context.Context, name string, props map[string]string) error {
	latest, cur, err := f.deployedHistory(ctx, name, f.checkIdle)
	if err != nil {
		return err
	}
	_, s, err := f.StreamDefinition(ctx, name)
	if err != nil {
		return err
	}
	acc, _, err := f.streamDeployer(cur.Platform)
	if err != nil {
		return err
	}
	from, err := estateConfigOf(cur)
	if err != nil {
		return err
	}
	next, err := buildAppSpecs(name, s, props, acc.Type, f.resolveStreamApp(ctx))
	if err != nil {
		return fmt.Errorf("stream '%s': %w", name, err)
	}
	changed := estateChangedApps(from, next)
	if len(changed) == 0 {
		return nil // the registrations made it match already
	}
	// The apps kept running keep their config as it is: it is what their instances run with.
	running, err := configOf(cur)
	if err != nil {
		return err
	}
	for i, a := range next.Apps {
		if old, ok := running.app(a.Label); ok && !slices.Contains(changed, a.Label) {
			next.Apps[i] = old
		}
	}
	if _, err := f.checkOwnership(ctx, name); err != nil {
		return err
	}
	if err := f.finishLeftovers(ctx, name); err != nil {
		return err
	}
	f.noteIgnoredDeployerKeys(acc, next.deployerProperties()...)
	_, err = f.upgrade(ctx, latest, cur, next, changed, "Upgrade", UpgradeOptions{})
	return err
}
