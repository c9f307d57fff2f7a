// Command pulumi-language-nodejs is a small shim used by the k8s-workloads local toolchain (scripts/toolchain.sh).
//
// The Node.js language host of the pinned Pulumi release lives in its own Go module, which the module proxy
// reachable from our machines does not serve. The newest host we can build is the one that was still part of
// github.com/pulumi/pulumi/sdk/v3 (v3.68.0). It runs programs fine, but it predates RunPlugin, which current
// CLIs use to start TypeScript policy packs. This shim starts that older host (the "delegate"), forwards every
// language-host call to it, and implements RunPlugin itself with the helpers of the pinned sdk/v3.
package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"

	sdk "github.com/pulumi/pulumi/sdk/v3"
	"github.com/pulumi/pulumi/sdk/v3/go/common/apitype"
	"github.com/pulumi/pulumi/sdk/v3/go/common/util/rpcutil"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/protobuf/types/known/emptypb"
)

// delegatePath is where toolchain.sh puts the real (older) language host, relative to this binary.
func delegatePath() (string, error) {
	if p := os.Getenv("K8S_WORKLOADS_NODEJS_DELEGATE"); p != "" {
		return p, nil
	}
	self, err := os.Executable()
	if err != nil {
		return "", err
	}
	return filepath.Join(filepath.Dir(self), "..", "libexec", "pulumi-language-nodejs-delegate"), nil
}

func main() {
	if err := run(); err != nil {
		fmt.Fprintf(os.Stderr, "pulumi-language-nodejs (shim): %v\n", err)
		os.Exit(1)
	}
}

func run() error {
	delegate, err := delegatePath()
	if err != nil {
		return err
	}
	// The delegate gets our arguments unchanged (flags, then the engine address) and prints its port first.
	cmd := exec.Command(delegate, os.Args[1:]...)
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		return err
	}
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("starting %s: %w", delegate, err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()

	reader := bufio.NewReader(out)
	line, err := reader.ReadString('\n')
	if err != nil {
		return fmt.Errorf("reading the delegate's port: %w", err)
	}
	port, err := strconv.Atoi(strings.TrimSpace(line))
	if err != nil {
		return fmt.Errorf("unexpected first line from the delegate: %q", line)
	}
	conn, err := grpc.NewClient(fmt.Sprintf("127.0.0.1:%d", port),
		grpc.WithTransportCredentials(insecure.NewCredentials()), rpcutil.GrpcChannelOptions())
	if err != nil {
		return err
	}
	defer conn.Close()

	shim := &shim{next: pulumirpc.NewLanguageRuntimeClient(conn)}
	handle, err := rpcutil.ServeWithOptions(rpcutil.ServeOptions{
		Init: func(srv *grpc.Server) error {
			pulumirpc.RegisterLanguageRuntimeServer(srv, shim)
			return nil
		},
	})
	if err != nil {
		return err
	}
	fmt.Printf("%d\n", handle.Port)
	go func() { _, _ = io.Copy(os.Stdout, reader) }()

	// Live exactly as long as the delegate (it exits when the engine goes away).
	select {
	case err := <-exited:
		var exitErr *exec.ExitError
		if errors.As(err, &exitErr) {
			os.Exit(exitErr.ExitCode())
		}
		return err
	case err := <-handle.Done:
		_ = cmd.Process.Kill()
		return err
	}
}

type shim struct {
	pulumirpc.UnimplementedLanguageRuntimeServer
	next pulumirpc.LanguageRuntimeClient
}

// --- Calls answered by the delegate. GetRequiredPackages, Handshake etc. stay unimplemented, so the CLI
// uses its documented fallbacks (e.g. GetRequiredPlugins).

func (s *shim) GetRequiredPlugins(ctx context.Context, req *pulumirpc.GetRequiredPluginsRequest,
) (*pulumirpc.GetRequiredPluginsResponse, error) {
	return s.next.GetRequiredPlugins(ctx, req)
}

func (s *shim) Run(ctx context.Context, req *pulumirpc.RunRequest) (*pulumirpc.RunResponse, error) {
	return s.next.Run(ctx, req)
}

func (s *shim) GetPluginInfo(ctx context.Context, req *emptypb.Empty) (*pulumirpc.PluginInfo, error) {
	return s.next.GetPluginInfo(ctx, req)
}

func (s *shim) About(ctx context.Context, req *pulumirpc.AboutRequest) (*pulumirpc.AboutResponse, error) {
	return s.next.About(ctx, req)
}

func (s *shim) GetProgramDependencies(ctx context.Context, req *pulumirpc.GetProgramDependenciesRequest,
) (*pulumirpc.GetProgramDependenciesResponse, error) {
	return s.next.GetProgramDependencies(ctx, req)
}

func (s *shim) InstallDependencies(req *pulumirpc.InstallDependenciesRequest,
	server grpc.ServerStreamingServer[pulumirpc.InstallDependenciesResponse],
) error {
	stream, err := s.next.InstallDependencies(server.Context(), req)
	if err != nil {
		return err
	}
	for {
		msg, err := stream.Recv()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
		if err := server.Send(msg); err != nil {
			return err
		}
	}
}

// --- RunPlugin: start a Node.js plugin; for policy packs (kind "analyzer") @pulumi/pulumi's run-policy-pack.

func (s *shim) RunPlugin(req *pulumirpc.RunPluginRequest,
	server grpc.ServerStreamingServer[pulumirpc.RunPluginResponse],
) error {
	ctx := server.Context()
	closer, stdout, stderr, err := rpcutil.MakeRunPluginStreams(server, false)
	if err != nil {
		return err
	}
	defer closer.Close()

	node, err := exec.LookPath("node")
	if err != nil {
		return err
	}
	dir := req.GetInfo().GetProgramDirectory()
	policy := req.GetKind() == string(apitype.AnalyzerPlugin)
	module := "@pulumi/pulumi/cmd/run-plugin"
	if policy {
		module = "@pulumi/pulumi/cmd/run-policy-pack"
	}
	entry, err := resolveModule(ctx, node, dir, module)
	if err != nil {
		return err
	}

	args := []string{entry}
	if policy { // policy packs: engine address first, the pack directory last
		args = append(append(args, req.GetArgs()...), dir)
	} else {
		args = append(append(args, dir), req.GetArgs()...)
	}
	env := req.GetEnv()
	if opts := req.GetInfo().GetOptions().AsMap(); opts["typescript"] != false {
		env = append(env, "PULUMI_NODEJS_TYPESCRIPT=true")
	}

	// Policy packs read stack details from the environment: learn them from the engine through a proxy.
	var proxy *sdk.PolicyProxy
	if policy {
		if proxy, stdout, err = sdk.NewPolicyProxy(ctx, stdout); err != nil {
			return fmt.Errorf("starting the policy pack proxy: %w", err)
		}
		cfg, err := proxy.AwaitConfiguration(ctx)
		if err != nil {
			return fmt.Errorf("reading the stack configuration: %w", err)
		}
		if cfg != nil {
			add := func(k, v string) {
				if v != "" {
					env = append(env, k+"="+v)
				}
			}
			add("PULUMI_NODEJS_ORGANIZATION", cfg.GetOrganization())
			add("PULUMI_NODEJS_PROJECT", cfg.GetProject())
			add("PULUMI_NODEJS_STACK", cfg.GetStack())
			add("PULUMI_NODEJS_DRY_RUN", strconv.FormatBool(cfg.GetDryRun()))
			if c := cfg.GetConfig(); c != nil {
				b, err := json.Marshal(c)
				if err != nil {
					return err
				}
				add("PULUMI_CONFIG", string(b))
			}
		}
	}

	cmd := exec.CommandContext(ctx, node, args...)
	cmd.Dir = req.GetPwd()
	if policy {
		cmd.Dir = dir
	}
	cmd.Env = env
	cmd.Stdout, cmd.Stderr = stdout, stderr
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("starting node: %w", err)
	}
	if proxy != nil {
		err = proxy.Attach(ctx, cmd) // returns when the pack exits
	} else {
		err = cmd.Wait()
	}
	var exitErr *exec.ExitError
	if errors.As(err, &exitErr) {
		return fmt.Errorf("plugin exited with non-zero exit code: %d", exitErr.ExitCode())
	} else if err != nil {
		return err
	}
	return closer.Close()
}

// resolveModule finds a module's entry file the way Node would from dir (walking up node_modules).
func resolveModule(ctx context.Context, node, dir, module string) (string, error) {
	cmd := exec.CommandContext(ctx, node, "-e",
		"process.stdout.write(require.resolve(process.argv[1], {paths: [process.argv[2]]}))", module, dir)
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("cannot find %s from %s (run npm install): %w", module, dir, err)
	}
	return string(out), nil
}
