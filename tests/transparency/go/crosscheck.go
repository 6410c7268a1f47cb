// Command crosscheck checks a govsocial transparency log with Go's own
// implementations (golang.org/x/mod/sumdb/note and sumdb/tlog), which share
// no code with ours:
//
//   - the checkpoint signature is opened with note.Open and the vkey;
//   - Go rebuilds every tile from the entry bundles and compares bytes;
//   - Go's tlog.TreeHash must equal the checkpoint root;
//   - proofs are made by Go from the served tiles (tlog.TileHashReader
//     authenticates each tile against the root) and printed as JSON for the
//     Python test to compare with its own.
//
// C2SP tile paths are Go sumdb paths without the height: tile/L/N, not tile/8/L/N.
//
// Usage: crosscheck -dir DIR -vkey VKEY [-index 0,5] [-old 1,17]
package main

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

const tileHeight = 8

func c2spPath(t tlog.Tile) string {
	return strings.Replace(t.Path(), fmt.Sprintf("tile/%d/", tileHeight), "tile/", 1)
}

type dirTiles struct{ dir string }

func (d dirTiles) Height() int { return tileHeight }

func (d dirTiles) ReadTiles(tiles []tlog.Tile) ([][]byte, error) {
	out := make([][]byte, len(tiles))
	for i, t := range tiles {
		data, err := os.ReadFile(filepath.Join(d.dir, filepath.FromSlash(c2spPath(t))))
		if err != nil {
			return nil, err
		}
		out[i] = data
	}
	return out, nil
}

func (d dirTiles) SaveTiles([]tlog.Tile, [][]byte) {}

func fail(format string, args ...interface{}) {
	fmt.Fprintf(os.Stderr, "crosscheck: "+format+"\n", args...)
	os.Exit(1)
}

func parseList(s string) []int64 {
	var out []int64
	for _, f := range strings.Split(s, ",") {
		if f == "" {
			continue
		}
		n, err := strconv.ParseInt(f, 10, 64)
		if err != nil {
			fail("bad number %q", f)
		}
		out = append(out, n)
	}
	return out
}

func readEntries(dir string, size int64) [][]byte {
	var entries [][]byte
	for bundle := int64(0); bundle*256 < size; bundle++ {
		width := size - bundle*256
		if width > 256 {
			width = 256
		}
		t := tlog.Tile{H: tileHeight, L: 0, N: bundle, W: int(width)}
		path := strings.Replace(c2spPath(t), "tile/0/", "tile/entries/", 1)
		data, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(path)))
		if err != nil {
			fail("%v", err)
		}
		for i := int64(0); i < width; i++ {
			if len(data) < 2 {
				fail("%s is truncated", path)
			}
			n := int(data[0])<<8 | int(data[1])
			if len(data) < 2+n {
				fail("%s is truncated", path)
			}
			entries = append(entries, data[2:2+n])
			data = data[2+n:]
		}
		if len(data) != 0 {
			fail("%s has trailing bytes", path)
		}
	}
	return entries
}

func b64(hashes []tlog.Hash) []string {
	out := []string{}
	for _, h := range hashes {
		out = append(out, base64.StdEncoding.EncodeToString(h[:]))
	}
	return out
}

func main() {
	dir := flag.String("dir", "", "log directory")
	vkey := flag.String("vkey", "", "log verifier key")
	indexes := flag.String("index", "", "entries to prove")
	olds := flag.String("old", "", "old sizes to prove consistency from")
	flag.Parse()

	verifier, err := note.NewVerifier(*vkey)
	if err != nil {
		fail("vkey: %v", err)
	}
	msg, err := os.ReadFile(filepath.Join(*dir, "checkpoint"))
	if err != nil {
		fail("%v", err)
	}
	n, err := note.Open(msg, note.VerifierList(verifier))
	if err != nil {
		fail("note.Open: %v", err)
	}
	lines := strings.Split(n.Text, "\n")
	if len(lines) < 4 {
		fail("checkpoint has fewer than three lines")
	}
	size, err := strconv.ParseInt(lines[1], 10, 64)
	if err != nil {
		fail("checkpoint size: %v", err)
	}
	root, err := tlog.ParseHash(lines[2])
	if err != nil {
		fail("checkpoint root: %v", err)
	}

	// Go rebuilds the tree from the entries alone.
	var stored []tlog.Hash
	reader := tlog.HashReaderFunc(func(indexes []int64) ([]tlog.Hash, error) {
		out := make([]tlog.Hash, len(indexes))
		for i, x := range indexes {
			if x >= int64(len(stored)) {
				return nil, errors.New("hash not stored")
			}
			out[i] = stored[x]
		}
		return out, nil
	})
	entries := readEntries(*dir, size)
	for i, e := range entries {
		hashes, err := tlog.StoredHashes(int64(i), e, reader)
		if err != nil {
			fail("StoredHashes: %v", err)
		}
		stored = append(stored, hashes...)
	}
	goRoot, err := tlog.TreeHash(size, reader)
	if err != nil {
		fail("TreeHash: %v", err)
	}
	if goRoot != root {
		fail("Go computes root %v, the checkpoint says %v", goRoot, root)
	}
	// NewTiles lists every intermediate partial width, as sumdb serves them;
	// a C2SP log serves only the full tiles and the latest partial one.
	var tiles []tlog.Tile
	for _, t := range tlog.NewTiles(tileHeight, 0, size) {
		if t.W == 1<<tileHeight || int64(t.W) == size>>(tileHeight*t.L)-t.N<<tileHeight {
			tiles = append(tiles, t)
		}
	}
	for _, t := range tiles {
		want, err := tlog.ReadTileData(t, reader)
		if err != nil {
			fail("ReadTileData: %v", err)
		}
		got, err := os.ReadFile(filepath.Join(*dir, filepath.FromSlash(c2spPath(t))))
		if err != nil {
			fail("%v", err)
		}
		if string(got) != string(want) {
			fail("%s differs from the tile Go builds", c2spPath(t))
		}
	}

	// Proofs from the served tiles, authenticated against the root by Go.
	tree := tlog.Tree{N: size, Hash: root}
	tileReader := tlog.TileHashReader(tree, dirTiles{*dir})
	result := map[string]interface{}{
		"origin":      lines[0],
		"size":        size,
		"root":        root.String(),
		"tiles":       len(tiles),
		"inclusion":   map[string][]string{},
		"consistency": map[string][]string{},
	}
	for _, index := range parseList(*indexes) {
		proof, err := tlog.ProveRecord(size, index, tileReader)
		if err != nil {
			fail("ProveRecord(%d): %v", index, err)
		}
		if err := tlog.CheckRecord(proof, size, root, index, tlog.RecordHash(entries[index])); err != nil {
			fail("CheckRecord(%d): %v", index, err)
		}
		result["inclusion"].(map[string][]string)[strconv.FormatInt(index, 10)] = b64(proof)
	}
	for _, old := range parseList(*olds) {
		oldRoot, err := tlog.TreeHash(old, reader)
		if err != nil {
			fail("TreeHash(%d): %v", old, err)
		}
		proof, err := tlog.ProveTree(size, old, tileReader)
		if err != nil {
			fail("ProveTree(%d): %v", old, err)
		}
		if err := tlog.CheckTree(proof, size, root, old, oldRoot); err != nil {
			fail("CheckTree(%d): %v", old, err)
		}
		result["consistency"].(map[string][]string)[strconv.FormatInt(old, 10)] = b64(proof)
	}
	out, _ := json.Marshal(result)
	fmt.Println(string(out))
}
