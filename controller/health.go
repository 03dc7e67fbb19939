package controller

import (
	"errors"
	"net/http"
)

// ReadyCheck is the readiness check: ready once the first full sync to
// APISIX completed while leading, or, on a standby, once the first
// translation is ready (a standby must be ready to take over, not to write).
func (c *Controller) ReadyCheck(*http.Request) error {
	if c.IsLeader() {
		if !c.ready.Load() {
			return errors.New("first sync to APISIX not complete")
		}
		return nil
	}
	if !c.standbyReady.Load() {
		return errors.New("first translation not complete")
	}
	return nil
}

// HealthCheck is the liveness check: it fails when the sync loop stopped
// while the manager still runs.
func (c *Controller) HealthCheck(*http.Request) error {
	if c.standbyReady.Load() && !c.loopRunning.Load() {
		return errors.New("sync loop not running")
	}
	return nil
}

// Ready reports whether ReadyCheck passes.
func (c *Controller) Ready() bool { return c.ReadyCheck(nil) == nil }
