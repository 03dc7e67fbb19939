// Package apisixrt starts and stops real Apache APISIX instances through an
// apisix-runtime launcher (a script that builds and runs APISIX 3.18.0 on the
// machine), for end-to-end tests and `apisix-ingress dev`. The caller names
// the launcher: `dev` takes it from --apisix-runtime, tests from
// $APISIX_RUNTIME (see internal/testutil); this package looks nowhere else.
package apisixrt

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// Instance is one running APISIX (nginx, and its etcd unless shared).
type Instance struct {
	Dir       string // the instance's directory (conf, logs, etcd-data)
	AdminURL  string // http://127.0.0.1:port
	AdminKey  string // header X-API-KEY
	HTTPURL   string // the proxy's plain HTTP listener
	HTTPSURL  string // the proxy's TLS listener
	EtcdURL   string // the etcd the instance reads its configuration from
	ErrorLog  string // path of nginx's error.log
	Env       map[string]string
	launcher  string
	stopped   bool
	startedIn time.Duration
}

// Options tune Start.
type Options struct {
	// Launcher is the path of the apisix-runtime script (required).
	Launcher string
	// AdminKey; empty lets the launcher choose one.
	AdminKey string
	// EtcdURL shares an existing etcd (scale-out); empty starts one.
	EtcdURL string
	// Extra arguments for `apisix-runtime start`.
	Args []string
}

// Install runs `apisix-runtime install` (idempotent, ~0.02 s when done).
func Install(ctx context.Context, launcher string) error {
	out, err := exec.CommandContext(ctx, launcher, "install").CombinedOutput()
	if err != nil {
		return fmt.Errorf("apisix-runtime install: %w\n%s", err, tail(string(out), 40))
	}
	return nil
}

// Start starts an instance in dir (created when missing). The instance
// stops by itself when this process exits (--exit-with).
func Start(ctx context.Context, dir string, opts Options) (*Instance, error) {
	launcher := opts.Launcher
	if launcher == "" {
		return nil, errors.New("apisixrt: no apisix-runtime launcher given")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	// The workers run as another user when started as root: they must be
	// able to read the directory.
	_ = os.Chmod(dir, 0o755)
	args := []string{"start", dir, "--exit-with", strconv.Itoa(os.Getpid())}
	if opts.AdminKey != "" {
		args = append(args, "--admin-key", opts.AdminKey)
	}
	if opts.EtcdURL != "" {
		args = append(args, "--etcd", opts.EtcdURL)
	}
	args = append(args, opts.Args...)
	begin := time.Now()
	out, err := exec.CommandContext(ctx, launcher, args...).CombinedOutput()
	if err != nil {
		return nil, fmt.Errorf("apisix-runtime start: %w\n%s", err, tail(string(out), 40))
	}
	env, err := readEnv(filepath.Join(dir, "env"))
	if err != nil {
		return nil, err
	}
	in := &Instance{
		Dir: dir, AdminURL: env["APISIX_ADMIN_URL"], AdminKey: env["APISIX_ADMIN_KEY"],
		HTTPURL: env["APISIX_HTTP_URL"], HTTPSURL: env["APISIX_HTTPS_URL"], EtcdURL: env["APISIX_ETCD_URL"],
		ErrorLog: env["APISIX_ERROR_LOG"], Env: env, launcher: launcher, startedIn: time.Since(begin),
	}
	if in.AdminURL == "" || in.HTTPURL == "" {
		return nil, fmt.Errorf("apisix-runtime start: %s lacks APISIX_ADMIN_URL or APISIX_HTTP_URL", filepath.Join(dir, "env"))
	}
	return in, nil
}

// StartedIn is how long `start` took.
func (in *Instance) StartedIn() time.Duration { return in.startedIn }

// Stop stops the instance (nginx, then its etcd). Safe to repeat.
func (in *Instance) Stop() error {
	if in == nil || in.stopped {
		return nil
	}
	in.stopped = true
	out, err := exec.Command(in.launcher, "stop", in.Dir).CombinedOutput()
	if err != nil {
		return fmt.Errorf("apisix-runtime stop: %w\n%s", err, tail(string(out), 20))
	}
	return nil
}

// Kill stops nginx only (SIGKILL to the master and its workers), leaving
// etcd running: an APISIX crash. Restart with StartAgain. It returns once
// every killed process has exited, so that the ports are free.
func (in *Instance) Kill() error {
	pid, err := strconv.Atoi(in.Env["APISIX_PID"])
	if err != nil {
		return fmt.Errorf("no APISIX_PID in %s/env", in.Dir)
	}
	// Stop the master first: a running master respawns a worker killed
	// under it, and the new worker outlives the master, holding the ports.
	if err := syscall.Kill(pid, syscall.SIGSTOP); err != nil {
		return fmt.Errorf("stopping the nginx master %d: %w", pid, err)
	}
	out, _ := exec.Command("pgrep", "-P", strconv.Itoa(pid)).Output()
	pids := []int{pid}
	for _, f := range strings.Fields(string(out)) {
		if c, err := strconv.Atoi(f); err == nil {
			pids = append(pids, c)
		}
	}
	for _, p := range pids[1:] {
		_ = syscall.Kill(p, syscall.SIGKILL)
	}
	if err := syscall.Kill(pid, syscall.SIGKILL); err != nil {
		return fmt.Errorf("killing the nginx master %d: %w", pid, err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for _, p := range pids {
		for !exited(p) {
			if time.Now().After(deadline) {
				return fmt.Errorf("nginx process %d still runs 10s after SIGKILL", p)
			}
			time.Sleep(10 * time.Millisecond)
		}
	}
	return nil
}

// exited reports whether process pid is gone or a zombie (which holds no
// sockets any more).
func exited(pid int) bool {
	b, err := os.ReadFile(filepath.Join("/proc", strconv.Itoa(pid), "stat"))
	if err != nil {
		return true
	}
	// The state follows the command name, which is in parentheses.
	s := string(b)
	i := strings.LastIndexByte(s, ')')
	return i < 0 || i+2 >= len(s) || s[i+2] == 'Z' || s[i+2] == 'X'
}

// ErrorLogTail returns the last n lines of nginx's error log, for failure
// messages.
func (in *Instance) ErrorLogTail(n int) string {
	b, err := os.ReadFile(in.ErrorLog)
	if err != nil {
		return err.Error()
	}
	return tail(string(b), n)
}

func readEnv(path string) (map[string]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	env := map[string]string{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if k, v, ok := strings.Cut(sc.Text(), "="); ok {
			env[k] = v
		}
	}
	return env, sc.Err()
}

func tail(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}

func httpGet(u string) (int, error) {
	c := http.Client{Timeout: 2 * time.Second}
	resp, err := c.Get(u)
	if err != nil {
		return 0, err
	}
	resp.Body.Close()
	return resp.StatusCode, nil
}
