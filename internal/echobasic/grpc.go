package echobasic

import (
	"context"
	"errors"
	"fmt"
	"net"
	"sort"
	"strconv"

	"google.golang.org/grpc"
	"google.golang.org/grpc/metadata"
	pb "sigs.k8s.io/gateway-api/conformance/echo-basic/grpcechoserver"
)

// GRPCServer is one Pod's gRPC echo: echo-basic run with GRPC_ECHO_SERVER
// set. It serves the suite's GrpcEcho service in plaintext (h2c) on
// HTTP_PORT (default 3000) and answers Echo and EchoTwo with what it
// received: the fully qualified method, every metadata entry (the request's
// headers, :authority among them), the :authority alone, and the Pod's
// namespace and name. EchoThree is not implemented (the suite expects
// Unimplemented from it).
//
// Written from the suite's documented behaviour and its pb types; no code is
// copied.
type GRPCServer struct {
	opts Options
	srv  *grpc.Server
	Log  *Log
}

// StartGRPC starts the plaintext gRPC listener on opts.IP:opts.HTTPPort.
func StartGRPC(opts Options) (*GRPCServer, error) {
	if opts.HTTPPort == 0 {
		opts.HTTPPort = 3000
	}
	addr := net.JoinHostPort(opts.IP, strconv.Itoa(opts.HTTPPort))
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("grpc echo for pod %s/%s: %w", opts.Namespace, opts.Pod, err)
	}
	s := &GRPCServer{opts: opts, srv: grpc.NewServer(), Log: &Log{}}
	pb.RegisterGrpcEchoServer(s.srv, grpcEcho{s: s})
	go func() {
		if err := s.srv.Serve(ln); err != nil && !errors.Is(err, grpc.ErrServerStopped) {
			s.Log.Printf("grpc server on %s stopped: %v", addr, err)
		}
	}()
	return s, nil
}

// Addr is the listener's ip:port.
func (s *GRPCServer) Addr() string {
	return net.JoinHostPort(s.opts.IP, strconv.Itoa(s.opts.HTTPPort))
}

// Close stops the server.
func (s *GRPCServer) Close() { s.srv.Stop() }

// grpcEcho implements the GrpcEcho service.
type grpcEcho struct {
	pb.UnimplementedGrpcEchoServer
	s *GRPCServer
}

func (e grpcEcho) Echo(ctx context.Context, _ *pb.EchoRequest) (*pb.EchoResponse, error) {
	return e.answer(ctx, "Echo")
}

func (e grpcEcho) EchoTwo(ctx context.Context, _ *pb.EchoRequest) (*pb.EchoResponse, error) {
	return e.answer(ctx, "EchoTwo")
}

// answer builds the response's assertions from the call's metadata.
func (e grpcEcho) answer(ctx context.Context, method string) (*pb.EchoResponse, error) {
	md, ok := metadata.FromIncomingContext(ctx)
	if !ok {
		return nil, errors.New("grpc echo: the call carries no metadata")
	}
	keys := make([]string, 0, len(md))
	for k := range md {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	a := &pb.Assertions{
		FullyQualifiedMethod: "/" + pb.GrpcEcho_ServiceDesc.ServiceName + "/" + method,
		Context: &pb.Context{
			Namespace: e.s.opts.Namespace, Ingress: e.s.opts.Ingress, ServiceName: e.s.opts.Service, Pod: e.s.opts.Pod,
		},
	}
	for _, k := range keys {
		for _, v := range md[k] {
			a.Headers = append(a.Headers, &pb.Header{Key: k, Value: v})
		}
	}
	if v := md.Get(":authority"); len(v) > 0 {
		a.Authority = v[0]
	}
	e.s.Log.Printf("Echoing back gRPC call %s to %s", a.FullyQualifiedMethod, a.Authority)
	return &pb.EchoResponse{Assertions: a}, nil
}
