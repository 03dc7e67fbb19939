package translator

// sortIngressKeys sorts keys by (sec, nsec, ns, name), comparing the name
// prefixes as integers, with a least-significant-digit radix sort over the
// bytes that differ between keys (in a cluster most bytes of the
// timestamps and name prefixes are shared); equal keys keep their order.
// tmp is scratch space of the same length. Keys whose names are longer than
// their prefixes are not ordered completely: see ingressOrder.
func sortIngressKeys(keys, tmp []ingressKey) {
	if len(keys) < 2 {
		return
	}
	// Which bytes differ anywhere: the OR of every key's difference from
	// the first.
	first := keys[0]
	var diff [6]uint64
	for i := range keys {
		k := &keys[i]
		diff[0] |= k.name[1] ^ first.name[1]
		diff[1] |= k.name[0] ^ first.name[0]
		diff[2] |= k.ns[1] ^ first.ns[1]
		diff[3] |= k.ns[0] ^ first.ns[0]
		diff[4] |= uint64(uint32(k.nsec) ^ uint32(first.nsec))
		diff[5] |= uint64(k.sec ^ first.sec)
	}
	src, dst := keys, tmp
	for word := range diff {
		for b := 0; b < 8; b++ {
			shift := uint(8 * b)
			if byte(diff[word]>>shift) == 0 {
				continue // the same byte in every key
			}
			var count [256]int
			for i := range src {
				count[byte(ingressKeyWord(&src[i], word)>>shift)]++
			}
			sum := 0
			for d, c := range count {
				count[d] = sum
				sum += c
			}
			for i := range src {
				d := byte(ingressKeyWord(&src[i], word) >> shift)
				dst[count[d]] = src[i]
				count[d]++
			}
			src, dst = dst, src
		}
	}
	if &src[0] != &keys[0] {
		copy(keys, src)
	}
}

// ingressKeyWord returns word w of the key's sort order, 0 being the least
// significant; each compares as an unsigned integer.
func ingressKeyWord(k *ingressKey, w int) uint64 {
	switch w {
	case 0:
		return k.name[1]
	case 1:
		return k.name[0]
	case 2:
		return k.ns[1]
	case 3:
		return k.ns[0]
	case 4:
		return uint64(uint32(k.nsec))
	default:
		return uint64(k.sec) ^ 1<<63 // signed order
	}
}
