package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"

	nodejs "github.com/pulumi/pulumi/pkg/v3/codegen/nodejs"
	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/plugin"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// GeneratePackage writes a Node.js SDK (`pulumi package gen-sdk --language nodejs`, `pulumi package add` in a
// Node.js project) with the generator of the pinned github.com/pulumi/pulumi/pkg/v3, the code the released
// host of that version calls. The delegate (v3.68) is not asked: its generator is two years older and predates
// local SDKs (GeneratePackageRequest.local).
func (s *shim) GeneratePackage(_ context.Context, req *pulumirpc.GeneratePackageRequest,
) (*pulumirpc.GeneratePackageResponse, error) {
	loader, err := schema.NewLoaderClient(req.LoaderTarget)
	if err != nil {
		return nil, err
	}
	defer loader.Close()
	cached := schema.NewCachedLoader(loader)

	var spec schema.PackageSpec
	if err := json.Unmarshal([]byte(req.Schema), &spec); err != nil {
		return nil, err
	}
	pkg, diags, err := schema.BindSpec(spec, cached, schema.ValidationOptions{AllowDanglingReferences: true})
	if err != nil {
		return nil, err
	}
	resp := &pulumirpc.GeneratePackageResponse{Diagnostics: plugin.HclDiagnosticsToRPCDiagnostics(diags)}
	if diags.HasErrors() {
		return resp, nil
	}
	files, err := nodejs.GeneratePackage("pulumi-language-nodejs", pkg, req.ExtraFiles, req.LocalDependencies,
		req.Local, cached)
	if err != nil {
		return nil, err
	}
	for name, data := range files {
		out := filepath.Join(req.Directory, name)
		if err := os.MkdirAll(filepath.Dir(out), 0o700); err != nil {
			return nil, err
		}
		if err := os.WriteFile(out, data, 0o600); err != nil {
			return nil, err
		}
	}
	return resp, nil
}

// Link is what `pulumi package add` calls last in a Node.js project. TypeScript and JavaScript programs use the
// npm package itself (`npm install k8s-workloads`), so the shim does not link generated SDKs into package.json.
func (s *shim) Link(context.Context, *pulumirpc.LinkRequest) (*pulumirpc.LinkResponse, error) {
	return nil, status.Error(codes.Unimplemented, "the k8s-workloads Node.js host shim does not link generated "+
		"SDKs; a Node.js program uses the npm package: npm install k8s-workloads")
}
