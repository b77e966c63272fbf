package secplane.consortium.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads a member's data from CSV files with a header row (RFC 4180 without quoting: account ids, member names and
 * amounts never contain commas):
 * <ul>
 *   <li>accounts: {@code account}</li>
 *   <li>transfers: {@code id,from_account,to_member,to_account,amount,time} — amount in minor units, time ISO-8601 UTC
 *       (e.g. {@code 2026-03-01T10:15:00Z}), to_member may be empty</li>
 *   <li>flags (optional): {@code account,amount}</li>
 * </ul>
 * A bad row stops the load with an error naming the file and line; the caller loads inside one transaction, so
 * nothing is half-loaded.
 */
public final class CsvData {
    static final List<String> ACCOUNTS = List.of("account");
    static final List<String> TRANSFERS = List.of("id", "from_account", "to_member", "to_account", "amount", "time");
    static final List<String> FLAGS = List.of("account", "amount");

    private CsvData() {
    }

    /** Reads the files into {@code sink}; {@code flags} may be null. */
    public static void read(Path accounts, Path transfers, Path flags, DataSink sink) {
        Set<String> held = new HashSet<>();
        each(accounts, ACCOUNTS, (where, f) -> {
            String id = account(where, f[0], "account");
            if (!held.add(id)) {
                throw bad(where, "account " + id + " is listed twice; each account appears once");
            }
            sink.account(id);
        });
        Set<String> ids = new HashSet<>();
        each(transfers, TRANSFERS, (where, f) -> {
            String id = account(where, f[0], "id");
            if (!ids.add(id)) {
                throw bad(where, "transfer id " + id + " is used twice; transfer ids are unique");
            }
            String from = account(where, f[1], "from_account");
            if (!held.contains(from)) {
                throw bad(where, "from_account " + from + " is not among this member's accounts (" + accounts.getFileName()
                        + "); a member records only transfers out of accounts it holds");
            }
            String toMember = f[2].strip();
            String to = account(where, f[3], "to_account");
            long amount;
            try {
                amount = Long.parseLong(f[4].strip());
            } catch (NumberFormatException e) {
                throw bad(where, "amount '" + f[4] + "' is not a whole number; give amounts in minor units (cents), e.g. 125000");
            }
            if (amount <= 0) {
                throw bad(where, "amount " + amount + " must be positive");
            }
            Instant time;
            try {
                time = Instant.parse(f[5].strip());
            } catch (DateTimeParseException e) {
                throw bad(where, "time '" + f[5] + "' is not an ISO-8601 UTC instant such as 2026-03-01T10:15:00Z");
            }
            sink.transfer(new Transfer(id, from, toMember.isEmpty() ? null : toMember, to, amount, time));
        });
        if (flags != null) {
            each(flags, FLAGS, (where, f) -> {
                String account = account(where, f[0], "account");
                long amount;
                try {
                    amount = Long.parseLong(f[1].strip());
                } catch (NumberFormatException e) {
                    throw bad(where, "amount '" + f[1] + "' is not a whole number of minor units");
                }
                if (amount < 0) {
                    throw bad(where, "amount " + amount + " cannot be negative");
                }
                sink.flag(new Flag(account, amount));
            });
        }
    }

    private interface Row {
        void accept(String where, String[] fields);
    }

    private static void each(Path file, List<String> header, Row row) {
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String first = r.readLine();
            if (first == null || !List.of(first.strip().split(",", -1)).equals(header)) {
                throw bad(file + ":1", "the header must be '" + String.join(",", header) + "'");
            }
            String line;
            int n = 1;
            while ((line = r.readLine()) != null) {
                n++;
                if (line.isBlank()) {
                    continue;
                }
                String[] f = line.split(",", -1);
                String where = file + ":" + n;
                if (f.length != header.size()) {
                    throw bad(where, f.length + " fields where " + header.size() + " are expected (" + String.join(",", header) + ")");
                }
                row.accept(where, f);
            }
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(file + ": no such file; check the data: paths in the member configuration");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static String account(String where, String v, String column) {
        String s = v.strip();
        if (s.isEmpty()) {
            throw bad(where, column + " is empty");
        }
        if (s.length() > 64) {
            throw bad(where, column + " is longer than 64 characters");
        }
        return s;
    }

    private static IllegalArgumentException bad(String where, String what) {
        return new IllegalArgumentException(where + ": " + what);
    }
}
