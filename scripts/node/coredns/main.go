// Command coredns is CoreDNS with only the plugins the local cluster's DNS uses (scripts/node/config/Corefile):
// the full CoreDNS main links every plugin (cloud DNS SDKs included) and takes many minutes to build cold.
// Built by scripts/toolchain.sh (step coredns) against github.com/coredns/coredns at COREDNS_VERSION.
package main

import (
	"github.com/coredns/coredns/core/dnsserver"
	"github.com/coredns/coredns/coremain"

	_ "github.com/coredns/coredns/plugin/bind"
	_ "github.com/coredns/coredns/plugin/cache"
	_ "github.com/coredns/coredns/plugin/errors"
	_ "github.com/coredns/coredns/plugin/health"
	_ "github.com/coredns/coredns/plugin/kubernetes"
	_ "github.com/coredns/coredns/plugin/log"
)

// The plugins in the order CoreDNS chains them (the order of its plugin.cfg).
var directives = []string{"bind", "health", "errors", "log", "cache", "kubernetes"}

func init() {
	dnsserver.Directives = directives
}

func main() {
	coremain.Run()
}
