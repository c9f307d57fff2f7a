// Command pause is the sandbox ("pause") process of the local real node's pods: it holds the pod's
// namespaces open and does nothing until SIGINT or SIGTERM. It reaps zombie children, since it is PID 1
// of the pod when the pod shares one PID namespace. Built static by scripts/toolchain.sh (step pause).
package main

import (
	"fmt"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	if len(os.Args) > 1 && os.Args[1] == "-v" {
		fmt.Println("k8s-workloads pause 1")
		return
	}
	fmt.Println("pause: holding the pod's namespaces until SIGTERM")
	signals := make(chan os.Signal, 4)
	signal.Notify(signals, syscall.SIGINT, syscall.SIGTERM, syscall.SIGCHLD)
	for sig := range signals {
		if sig == syscall.SIGCHLD {
			reapChildren()
			continue
		}
		os.Exit(0)
	}
}

// reapChildren collects every exited child so that none stays a zombie.
func reapChildren() {
	for {
		var status syscall.WaitStatus
		pid, err := syscall.Wait4(-1, &status, syscall.WNOHANG, nil)
		if pid <= 0 || err != nil {
			return
		}
	}
}
