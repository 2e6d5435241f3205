import CMalloc

/// glibc's allocator set for a command that runs a moment and exits. By default it gives memory
/// back to the system whenever 128 KiB lie free at the top of a heap, and serves a block of
/// 128 KiB or more from a mapping of its own, unmapped when freed: a listing frees and allocates
/// all the time, and each page given back is faulted in again when next used. Kept instead (a
/// heap grows by 32 MiB at least, and gives memory back once 256 MiB lie free; blocks up to
/// 32 MiB come from the heap), the full JSON list took a sixth fewer page faults and 5 % less
/// time (bench/RESULTS.md). `serve` runs for months and keeps the defaults: what it frees goes back.
public enum ShortCommandHeap {
    public static func tune() {
        _ = mallopt(M_TOP_PAD, 32 << 20)
        _ = mallopt(M_MMAP_THRESHOLD, 32 << 20)
        _ = mallopt(M_TRIM_THRESHOLD, 256 << 20)
    }
}
