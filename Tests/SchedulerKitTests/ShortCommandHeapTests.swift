import CMalloc
import Testing

@testable import SchedulerKit

@Suite("a short command's heap")
struct ShortCommandHeapTests {
    /// Once tuned, a block of 16 MiB comes from the heap, not from a mapping of its own (glibc's
    /// default from 128 KiB), so freeing it leaves its pages for the next block rather than
    /// unmapping them.
    @Test func aLargeBlockComesFromTheHeapOnceTuned() {
        ShortCommandHeap.tune()
        let mappingsBefore = mallinfo2().hblks
        let block = malloc(16 << 20)
        defer { free(block) }
        #expect(block != nil)
        #expect(mallinfo2().hblks == mappingsBefore)
    }
}
