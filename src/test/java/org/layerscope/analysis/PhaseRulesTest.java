package org.layerscope.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.layerscope.analysis.PhaseRules.Decision;
import org.layerscope.analysis.PhaseRules.Record;
import org.layerscope.analysis.PhaseRules.Rule;
import org.layerscope.analysis.PhaseRules.Tls13State;
import org.layerscope.model.Phase;

/** The phase rules as a table: record and TLS 1.3 state in, rule, phase and next state out. */
class PhaseRulesTest {
    private static final Set<Rule> SEEN = EnumSet.noneOf(Rule.class);

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            # name                          | type | opaque | len  | hs types | from client | tls13 | sent enc | client fin | rule                               | phase            | inferred | pending | sent enc after | fin after
            ClientHello                     | 22   | false  | 206  | 1        | true        | false | false    | false      | HANDSHAKE                          | TLS_HANDSHAKE    | false    | false   | false          | false
            TLS 1.2 CCS                     | 20   | false  | 1    | -        | true        | false | false    | false      | CHANGE_CIPHER_SPEC                 | TLS_HANDSHAKE    | false    | false   | false          | false
            TLS 1.2 client Finished         | 22   | false  | 40   | 20       | true        | false | false    | false      | HANDSHAKE                          | TLS_HANDSHAKE    | false    | false   | false          | true
            TLS 1.2 server Finished         | 22   | false  | 40   | 20       | false       | false | false    | true       | HANDSHAKE                          | TLS_HANDSHAKE    | false    | false   | false          | true
            readable alert                  | 21   | false  | 2    | -        | false       | false | false    | true       | ALERT                              | TEARDOWN         | false    | false   | false          | true
            application data                | 23   | false  | 64   | -        | true        | false | false    | true       | APPLICATION_DATA                   | APPLICATION_DATA | false    | false   | false          | true
            heartbeat                       | 24   | false  | 19   | -        | true        | false | false    | true       | OTHER_CONTENT_TYPE                 | -                | false    | false   | false          | true
            decrypted NewSessionTicket      | 22   | false  | 200  | 4        | false       | true  | true     | true       | POST_HANDSHAKE_MESSAGE             | APPLICATION_DATA | false    | false   | true           | true
            decrypted KeyUpdate             | 22   | false  | 22   | 24       | true        | true  | true     | true       | POST_HANDSHAKE_MESSAGE             | APPLICATION_DATA | false    | false   | true           | true
            NewSessionTicket in TLS 1.2     | 22   | false  | 200  | 4        | false       | false | false    | true       | HANDSHAKE                          | TLS_HANDSHAKE    | false    | false   | false          | true
            TLS 1.3 server encrypted hs     | 23   | true   | 1000 | -        | false       | true  | false    | false      | TLS13_SERVER_HANDSHAKE             | TLS_HANDSHAKE    | true     | false   | false          | false
            TLS 1.3 client certificate      | 23   | true   | 900  | -        | true        | true  | false    | false      | TLS13_CLIENT_HANDSHAKE             | TLS_HANDSHAKE    | true     | false   | true           | false
            TLS 1.3 client Finished SHA256  | 23   | true   | 53   | -        | true        | true  | true     | false      | TLS13_CLIENT_FINISHED              | TLS_HANDSHAKE    | true     | false   | true           | true
            TLS 1.3 client Finished SHA384  | 23   | true   | 69   | -        | true        | true  | true     | false      | TLS13_CLIENT_FINISHED              | TLS_HANDSHAKE    | true     | false   | true           | true
            TLS 1.3 server after client enc | 23   | true   | 687  | -        | false       | true  | true     | false      | TLS13_SERVER_AFTER_CLIENT_FINISHED | APPLICATION_DATA | true     | false   | true           | true
            TLS 1.3 alert-sized record      | 23   | true   | 19   | -        | true        | true  | true     | true       | TLS13_ALERT_SIZED_PENDING          | APPLICATION_DATA | true     | true    | true           | true
            TLS 1.3 padded alert size (51)  | 23   | true   | 51   | -        | false       | true  | true     | true       | TLS13_ALERT_SIZED_PENDING          | APPLICATION_DATA | true     | true    | true           | true
            TLS 1.3 data just above (52)    | 23   | true   | 52   | -        | false       | true  | true     | true       | TLS13_APPLICATION_DATA             | APPLICATION_DATA | true     | false   | true           | true
            TLS 1.3 53 bytes after Finished | 23   | true   | 53   | -        | true        | true  | true     | true       | TLS13_APPLICATION_DATA             | APPLICATION_DATA | true     | false   | true           | true
            """)
    void classify(String name, int type, boolean opaque, int len, Integer hsType, boolean fromClient, boolean tls13,
                  boolean sentEncrypted, boolean clientFinished, Rule rule, Phase phase, boolean inferred,
                  boolean pending, boolean sentAfter, boolean finishedAfter) {
        Decision d = PhaseRules.classify(new Record(type, opaque, len, hsType == null ? List.of() : List.of(hsType),
                fromClient, tls13), new Tls13State(sentEncrypted, clientFinished));
        assertEquals(rule, d.rule(), name);
        assertEquals(phase, d.phase(), name);
        assertEquals(inferred, d.inferred(), name);
        assertEquals(pending, d.pending(), name);
        assertEquals(new Tls13State(sentAfter, finishedAfter), d.state(), name);
        SEEN.add(d.rule());
    }

    @Test
    void pendingRecordIsAnAlertOnlyWhenItsDirectionCloses() {
        Decision closed = PhaseRules.pendingRecord(true, new Tls13State(true, true));
        assertEquals(Rule.PENDING_BEFORE_CLOSE_IS_ALERT, closed.rule());
        assertEquals(Phase.TEARDOWN, closed.phase());
        assertEquals(true, closed.inferred());
        Decision followed = PhaseRules.pendingRecord(false, new Tls13State(true, true));
        assertEquals(Rule.PENDING_FOLLOWED_IS_DATA, followed.rule());
        assertEquals(Phase.APPLICATION_DATA, followed.phase());
    }

    @Test
    void aRecordWithSeveralHandshakeMessagesIsPostHandshakeOnlyWhenAllAre() {
        Decision d = PhaseRules.classify(new Record(22, false, 300, List.of(4, 4), false, true), new Tls13State(true, true));
        assertEquals(Rule.POST_HANDSHAKE_MESSAGE, d.rule());
        d = PhaseRules.classify(new Record(22, false, 300, List.of(8, 11), false, true), new Tls13State(false, false));
        assertEquals(Rule.HANDSHAKE, d.rule());
    }
}
