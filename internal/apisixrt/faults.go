package apisixrt

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// StartAgain starts APISIX again after Kill, in dir (a new, empty
// directory), on the same ports, with the same Admin API key and the same
// etcd, so clients keep their URLs and APISIX finds its configuration.
// It is the crash-and-restart of an APISIX pod.
func (in *Instance) StartAgain(ctx context.Context, dir string) (*Instance, error) {
	args := []string{}
	for flag, u := range map[string]string{"--http-port": in.HTTPURL, "--https-port": in.HTTPSURL, "--admin-port": in.AdminURL,
		"--control-port": in.Env["APISIX_CONTROL_URL"]} {
		p, err := url.Parse(u)
		if err != nil || p.Port() == "" {
			continue
		}
		args = append(args, flag, p.Port())
	}
	again, err := Start(ctx, dir, Options{Launcher: in.launcher, AdminKey: in.AdminKey, EtcdURL: in.EtcdURL, Args: args})
	if err != nil {
		return nil, err
	}
	return again, nil
}

// KillEtcd kills the instance's own etcd (SIGKILL, as a crash) and returns
// a function that starts it again with the same command line and data
// directory, and waits until it answers.
func (in *Instance) KillEtcd() (restart func() error, err error) {
	pid, err := strconv.Atoi(in.Env["APISIX_ETCD_PID"])
	if err != nil {
		return nil, fmt.Errorf("the instance in %s has no etcd of its own", in.Dir)
	}
	raw, err := os.ReadFile(filepath.Join("/proc", strconv.Itoa(pid), "cmdline"))
	if err != nil {
		return nil, err
	}
	argv := strings.Split(strings.TrimRight(string(raw), "\x00"), "\x00")
	if err := syscall.Kill(pid, syscall.SIGKILL); err != nil {
		return nil, err
	}
	for i := 0; i < 100 && syscall.Kill(pid, 0) == nil; i++ {
		time.Sleep(20 * time.Millisecond)
	}
	return func() error {
		logf, err := os.OpenFile(filepath.Join(in.Dir, "logs", "etcd.log"), os.O_APPEND|os.O_WRONLY|os.O_CREATE, 0o644)
		if err != nil {
			return err
		}
		defer logf.Close()
		cmd := exec.Command(argv[0], argv[1:]...)
		cmd.Stdout, cmd.Stderr = logf, logf
		cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
		if err := cmd.Start(); err != nil {
			return err
		}
		newPID := strconv.Itoa(cmd.Process.Pid)
		in.Env["APISIX_ETCD_PID"] = newPID
		go func() { _ = cmd.Wait() }()
		// `apisix-runtime stop` reads the pid from these files.
		_ = os.WriteFile(filepath.Join(in.Dir, "logs", "etcd.pid"), []byte(newPID+"\n"), 0o644)
		if env, err := os.ReadFile(filepath.Join(in.Dir, "env")); err == nil {
			s := strings.Replace(string(env), "APISIX_ETCD_PID="+strconv.Itoa(pid)+"\n", "APISIX_ETCD_PID="+newPID+"\n", 1)
			_ = os.WriteFile(filepath.Join(in.Dir, "env"), []byte(s), 0o644)
		}
		deadline := time.Now().Add(15 * time.Second)
		for time.Now().Before(deadline) {
			if resp, err := httpGet(in.EtcdURL + "/health"); err == nil && resp == 200 {
				return nil
			}
			time.Sleep(50 * time.Millisecond)
		}
		return fmt.Errorf("etcd did not answer within 15s after the restart")
	}, nil
}
