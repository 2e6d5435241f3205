/// The first two steps of claiming outbox rows, in SQL that SQLite and PostgreSQL both speak: one
/// message per recipient and meeting goes out, the newest.
enum OutboxClaimSQL {
    /// The newest row of a recipient that is an occurrence CANCEL, while the recipient never got
    /// the meeting's current invitation (a REQUEST is still waiting before it), goes out as a
    /// REQUEST of the current meeting instead (its EXDATE included).
    static let promoteCancels = """
        UPDATE outbox SET method = 'REQUEST', recurrenceId = NULL
        WHERE state = 'queued' AND method = 'CANCEL' AND recurrenceId IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM outbox later WHERE later.meetingId = outbox.meetingId
              AND later.recipient = outbox.recipient AND later.id > outbox.id)
          AND EXISTS (SELECT 1 FROM outbox earlier WHERE earlier.meetingId = outbox.meetingId
              AND earlier.recipient = outbox.recipient AND earlier.id < outbox.id
              AND earlier.state IN ('queued', 'sending') AND earlier.method = 'REQUEST')
        """

    /// Every row still waiting that a later row of the same recipient and meeting replaces.
    static let supersedeOlder = """
        UPDATE outbox SET state = 'superseded', leaseUntil = NULL
        WHERE state IN ('queued', 'sending') AND EXISTS (
            SELECT 1 FROM outbox later
            WHERE later.meetingId = outbox.meetingId AND later.recipient = outbox.recipient AND later.id > outbox.id)
        """
}
