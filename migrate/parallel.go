package migrate

import (
	"io"
	"runtime"
	"sync"

	"github.com/apisix-ingress/apisix-ingress/internal/manifestio"
	"github.com/apisix-ingress/apisix-ingress/internal/snapshotio"
)

// parallel runs fn(i) for i in [0, n) on GOMAXPROCS workers.
func parallel(n int, fn func(i int)) {
	workers := min(runtime.GOMAXPROCS(0), n)
	if workers <= 1 {
		for i := 0; i < n; i++ {
			fn(i)
		}
		return
	}
	var wg sync.WaitGroup
	next := make(chan int, workers)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				fn(i)
			}
		}()
	}
	for i := 0; i < n; i++ {
		next <- i
	}
	close(next)
	wg.Wait()
}

// ReadPaths reads manifests like manifestio.ReadPaths (files, directories
// recursively, "-" for stdin, documents in lexical file order), reading the
// files concurrently.
func ReadPaths(paths []string, stdin io.Reader) ([]manifestio.Document, error) {
	var files []string
	for _, p := range paths {
		if p == "-" {
			files = append(files, p)
			continue
		}
		fs, err := manifestio.ListFiles(p)
		if err != nil {
			return nil, err
		}
		files = append(files, fs...)
	}
	docs := make([][]manifestio.Document, len(files))
	errs := make([]error, len(files))
	parallel(len(files), func(i int) {
		if files[i] == "-" {
			docs[i], errs[i] = manifestio.Read("-", stdin)
			return
		}
		docs[i], errs[i] = manifestio.ReadPaths([]string{files[i]}, nil)
	})
	var out []manifestio.Document
	for i := range files {
		if errs[i] != nil {
			return nil, errs[i]
		}
		out = append(out, docs[i]...)
	}
	return out, nil
}

// decodeChunk is how many documents one decoding worker takes at a time.
const decodeChunk = 512

// decode is snapshotio.Decode over chunks of documents, concurrently,
// merged in input order.
func decode(docs []manifestio.Document, ns string) (*snapshotio.Decoded, error) {
	if len(docs) <= decodeChunk {
		return snapshotio.Decode(docs, ns)
	}
	n := (len(docs) + decodeChunk - 1) / decodeChunk
	parts := make([]*snapshotio.Decoded, n)
	errs := make([]error, n)
	dec := snapshotio.NewDecoder()
	parallel(n, func(i int) {
		end := min((i+1)*decodeChunk, len(docs))
		parts[i], errs[i] = dec.Decode(docs[i*decodeChunk:end], ns)
	})
	out := &snapshotio.Decoded{Snapshot: parts[0].Snapshot, Sources: parts[0].Sources}
	if errs[0] != nil {
		return nil, errs[0]
	}
	out.Skipped = parts[0].Skipped
	for i := 1; i < n; i++ {
		if errs[i] != nil {
			return nil, errs[i]
		}
		p, s := parts[i], out.Snapshot
		s.Merge(p.Snapshot) // every kind of translator.SnapshotKinds
		for k, v := range p.Sources {
			out.Sources[k] = v
		}
		out.Skipped = append(out.Skipped, p.Skipped...)
	}
	return out, nil
}
