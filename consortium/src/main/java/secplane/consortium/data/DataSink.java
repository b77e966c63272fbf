package secplane.consortium.data;

/** Receives a member's data as it is generated or read, so that 10^6 transfers never sit in memory at once. */
public interface DataSink {
    void account(String id);

    void transfer(Transfer t);

    void flag(Flag f);
}
