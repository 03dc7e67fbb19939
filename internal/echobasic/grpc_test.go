package echobasic

import (
	"context"
	"testing"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/metadata"
	grpcstatus "google.golang.org/grpc/status"
	pb "sigs.k8s.io/gateway-api/conformance/echo-basic/grpcechoserver"
)

// TestGRPCEchoAnswers pins what the conformance suite's gRPC client reads:
// the fully qualified method, :authority, the request's metadata, the Pod's
// namespace and name, and Unimplemented for EchoThree.
func TestGRPCEchoAnswers(t *testing.T) {
	s, err := StartGRPC(Options{IP: "127.0.0.1", HTTPPort: freePort(t), Namespace: "ns1", Pod: "grpc-abcdefghjk-xyz12"})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	conn, err := grpc.NewClient(s.Addr(), grpc.WithTransportCredentials(insecure.NewCredentials()), grpc.WithAuthority("grpc.example.com"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	ctx = metadata.AppendToOutgoingContext(ctx, "x-mine", "v")
	c := pb.NewGrpcEchoClient(conn)
	resp, err := c.EchoTwo(ctx, &pb.EchoRequest{})
	if err != nil {
		t.Fatal(err)
	}
	a := resp.GetAssertions()
	if got, want := a.GetFullyQualifiedMethod(), "/gateway_api_conformance.echo_basic.grpcecho.GrpcEcho/EchoTwo"; got != want {
		t.Errorf("method %q, want %q", got, want)
	}
	if a.GetAuthority() != "grpc.example.com" {
		t.Errorf("authority %q, want grpc.example.com", a.GetAuthority())
	}
	if a.GetContext().GetNamespace() != "ns1" || a.GetContext().GetPod() != "grpc-abcdefghjk-xyz12" {
		t.Errorf("context %v, want namespace ns1, pod grpc-abcdefghjk-xyz12", a.GetContext())
	}
	seen := map[string]string{}
	for _, h := range a.GetHeaders() {
		seen[h.GetKey()] = h.GetValue()
	}
	if seen["x-mine"] != "v" || seen[":authority"] != "grpc.example.com" {
		t.Errorf("headers %v lack x-mine: v or :authority", seen)
	}
	if _, err := c.EchoThree(ctx, &pb.EchoRequest{}); grpcstatus.Code(err) != codes.Unimplemented {
		t.Errorf("EchoThree: %v, want Unimplemented", err)
	}
}
