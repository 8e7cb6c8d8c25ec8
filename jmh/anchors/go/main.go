// Command anchor measures on the Go runtime what threadrt's benchmarks measure on the JVM, so
// `./threadrt bench` can put Go's figures in the same table. It prints one JSON object on stdout:
//
//	{"go":"go1.19.8","gomaxprocs":2,"results":{"<name>":[ns per op of each repetition, ...], ...}}
//
// Measurements (each: one warm-up batch, then -reps timed batches of -n operations):
//
//	thread_churn_lockosthread  a goroutine that locks its thread and returns, so its M exits
//	                           (Go 1.10+), waited for through a channel: thread create + exit
//	c_pthread_create_join      pthread_create + join of a no-op C function, in this process
//	cgo_callback_c_thread      a long-lived C thread calls an exported Go function n times
//	                           (needm/dropm every call on Go 1.19), per call
//	cgo_callback_new_c_thread  a new C thread makes 1 callback into Go and exits, joined
//	mutex_uncontended          sync.Mutex Lock + counter++ + Unlock on one goroutine
//	mutex_contended_<k>        the same from k goroutines on one mutex, ns per lock/unlock summed
//
// Build: go build -o anchor . (cgo: needs gcc). Debian: apt-get install golang-go.
package main

/*
#cgo CFLAGS: -O2
#cgo LDFLAGS: -lpthread
#include <pthread.h>
#include <stdint.h>

extern void goCallback(void);

static void *noop_thread(void *arg) { return arg; }

static int c_create_join(void) {
	pthread_t t;
	int rc = pthread_create(&t, NULL, noop_thread, NULL);
	if (rc != 0) return rc;
	return pthread_join(t, NULL);
}

static void *call_loop_thread(void *arg) {
	int64_t n = *(int64_t *)arg;
	for (int64_t i = 0; i < n; i++) goCallback();
	return NULL;
}

static int c_thread_call_loop(int64_t n) {
	pthread_t t;
	int rc = pthread_create(&t, NULL, call_loop_thread, &n);
	if (rc != 0) return rc;
	return pthread_join(t, NULL);
}
*/
import "C"

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"runtime"
	"sync"
	"time"
)

var callbacks int64

//export goCallback
func goCallback() {
	callbacks++
}

// batch returns ns per op of one run of op(n).
func batch(n int, op func(n int)) float64 {
	start := time.Now()
	op(n)
	return float64(time.Since(start).Nanoseconds()) / float64(n)
}

func measure(reps, n int, op func(n int)) []float64 {
	batch(n, op) // warm-up
	out := make([]float64, reps)
	for i := range out {
		out[i] = batch(n, op)
	}
	return out
}

func churn(n int) {
	done := make(chan struct{})
	for i := 0; i < n; i++ {
		go func() {
			runtime.LockOSThread()
			done <- struct{}{}
			// returns locked: the runtime ends this thread
		}()
		<-done
	}
}

func cCreateJoin(n int) {
	for i := 0; i < n; i++ {
		if rc := C.c_create_join(); rc != 0 {
			panic(fmt.Sprint("pthread_create: ", rc))
		}
	}
}

func callbackLongLived(n int) {
	if rc := C.c_thread_call_loop(C.int64_t(n)); rc != 0 {
		panic(fmt.Sprint("pthread_create: ", rc))
	}
}

func callbackNewThread(n int) {
	for i := 0; i < n; i++ {
		if rc := C.c_thread_call_loop(1); rc != 0 {
			panic(fmt.Sprint("pthread_create: ", rc))
		}
	}
}

var counter int64

func mutexUncontended(n int) {
	var mu sync.Mutex
	for i := 0; i < n; i++ {
		mu.Lock()
		counter++
		mu.Unlock()
	}
}

func mutexContended(k int) func(n int) {
	return func(n int) {
		var mu sync.Mutex
		var wg sync.WaitGroup
		per := n / k
		for g := 0; g < k; g++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := 0; i < per; i++ {
					mu.Lock()
					counter++
					mu.Unlock()
				}
			}()
		}
		wg.Wait()
	}
}

func main() {
	reps := flag.Int("reps", 7, "timed batches per measurement")
	scale := flag.Float64("scale", 1, "multiplies every batch size (0.2 for a quick run)")
	only := flag.String("only", "", "run only the measurement with this name")
	flag.Parse()
	sz := func(n int) int {
		m := int(float64(n) * *scale)
		if m < 1 {
			m = 1
		}
		return m
	}
	type m struct {
		name string
		n    int
		op   func(int)
	}
	all := []m{
		{"thread_churn_lockosthread", sz(2000), churn},
		{"c_pthread_create_join", sz(2000), cCreateJoin},
		{"cgo_callback_c_thread", sz(200000), callbackLongLived},
		{"cgo_callback_new_c_thread", sz(2000), callbackNewThread},
		{"mutex_uncontended", sz(20000000), mutexUncontended},
		{"mutex_contended_2", sz(4000000), mutexContended(2)},
		{"mutex_contended_4", sz(4000000), mutexContended(4)},
		{"mutex_contended_8", sz(4000000), mutexContended(8)},
	}
	results := map[string][]float64{}
	for _, x := range all {
		if *only != "" && *only != x.name {
			continue
		}
		results[x.name] = measure(*reps, x.n, x.op)
	}
	out := map[string]interface{}{
		"go":         runtime.Version(),
		"gomaxprocs": runtime.GOMAXPROCS(0),
		"reps":       *reps,
		"results":    results,
	}
	enc := json.NewEncoder(os.Stdout)
	if err := enc.Encode(out); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
