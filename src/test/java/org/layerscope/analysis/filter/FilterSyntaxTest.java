package org.layerscope.analysis.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Broken expressions: the message says what is wrong and the position points at the offending character. */
class FilterSyntaxTest {
    @ParameterizedTest(name = "[{0}] -> {2} at {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
        "'tcp.port == '              | 12 | expected a value",
        "'tcp.port =='               | 11 | expected a value",
        "'(tcp.len'                  |  8 | expected ')'",
        "'tcp.len)'                  |  7 | unexpected ')' (expected and, or, or the end)",
        "'tcp.len == 1 == 2'         | 13 | unexpected '==' (a comparison needs a field on its left)",
        "'tcp.flags.syn ='           | 14 | unexpected '=' (write == to compare)",
        "'tcp.len > 1 &&'            | 14 | expected a field name",
        "'and tcp'                   |  0 | expected a field name, not 'and'",
        "'not'                       |  3 | expected a field name",
        "'()'                        |  1 | expected a field name, not ')'",
        "'tcp & tls'                 |  4 | unexpected '&' (write && or and; bitwise & is not supported)",
        "'tcp.len in {1,'            | 14 | expected a value",
        "'tcp.len in {1 2}'          | 14 | expected ',' or '}' in the set",
        "'tcp.len in {}'             | 12 | the set is empty",
        "'tcp.port in 80'            | 12 | expected '{' after in",
        "'tcp.port in {1..}'         | 16 | expected the upper bound of the range",
        "'mqtt.topic == \"abc'       | 14 | missing closing quote of the string",
        "'mqtt.topic == \"a\\qb\"'   | 16 | unknown escape sequence '\\q' in the string",
        "'mqtt.topic == ''x'''       | 14 | use double quotes for strings",
        "'mqtt.topic matches \"(\"'  | 21 | invalid regular expression: Unclosed group",
        "'foo.bar == 1'              |  0 | unknown field 'foo.bar'",
        "'tcp.prot == 1'             |  0 | unknown field 'tcp.prot' (did you mean tcp.port?)",
        "'1 == tcp.len'              |  0 | expected a field name, not the value '1' (the field comes first)",
        "'\"tcp\"'                   |  0 | expected a field name, not a string (a comparison starts with the field)",
        "'len(tcp.payload) > 1'      |  0 | functions like len() are not supported",
        "'tcp.payload[0:2] == 16:03' | 11 | slices ([...]) are not supported",
        "'tcp.len == 0x'             | 11 | '0x' is not a valid number",
        "'tcp.len == 12abc'          | 11 | '12abc' is not a valid number",
        "'tcp.len == 08'             | 11 | '08' is not a valid number",
        "'tcp.flags.syn == maybe'    | 17 | 'maybe' is not a boolean (1, 0, True or False)",
        "'frame.time_relative > abc' | 22 | 'abc' is not a time in seconds",
        "'ip.addr == 1.2.3.4/33'     | 19 | the prefix length after '/' must be 0 to 32, not 33",
        "'ip.addr == 300.1.1.1'      | 11 | '300.1.1.1' is not an IPv4 address",
        "'ip.addr == localhost'      | 11 | 'localhost' is not an IPv4 address (host names are not looked up)",
        "'ip.addr > 10.0.0.0/8'      | 10 | a subnet cannot be compared with >",
        "'ipv6.addr == 127.0.0.1'    | 13 | '127.0.0.1' is not an IPv6 address",
        "'ipv6.addr == fe80::/129'   | 20 | the prefix length after '/' must be 0 to 128, not 129",
        "'eth.addr == 00:11:22'      | 12 | '00:11:22' is not an Ethernet address (write 00:0b:82:01:fc:42)",
        "'tcp.payload contains 1:2:x'| 21 | '1:2:x' is not a byte string (write 16:03:01, 160301 or a quoted string)",
        "'ip.src contains 1'         |  7 | ip.src (IPv4 address) cannot be used with contains: only text and bytes can",
        "'tcp.port matches \"8\"'    |  9 | tcp.port (integer) cannot be used with matches: only text and bytes can",
        "'tls.handshake == 1'        |  0 | tls.handshake is a label without a value: test it alone (tls.handshake) or compare one of its fields",
        "'tcp in {1}'                |  0 | tcp is a protocol without a value: it cannot be in a set",
        "'tcp.srcport == ip.src'     | 15 | cannot compare tcp.srcport (integer) with ip.src (IPv4 address)",
        "'phase == \"tls-handhsake\"'|  9 | 'tls-handhsake' is not a value of phase (tcp-handshake, tls-handshake, application-data, teardown, other)",
        "'ls.direction == up'        | 16 | 'up' is not a value of ls.direction (client-to-server, server-to-client)",
    })
    void errorsPointAtTheOffendingCharacter(String expression, int position, String reason) {
        FilterSyntaxException e = assertThrows(FilterSyntaxException.class, () -> DisplayFilter.compile(expression));
        assertEquals(reason, e.reason(), expression);
        assertEquals(position, e.position(), expression);
        assertEquals(reason + " at " + position, e.getMessage());
        assertEquals(expression, e.expression());
    }

    @Test
    void theBriefsExample() {
        FilterSyntaxException e = assertThrows(FilterSyntaxException.class, () -> DisplayFilter.compile("tcp.port == "));
        assertEquals("expected a value at 12", e.getMessage());
        assertEquals(12, e.position());
    }

    @Test
    void pointerPutsTheCaretUnderThePosition() {
        FilterSyntaxException e = assertThrows(FilterSyntaxException.class,
                () -> DisplayFilter.compile("tcp.port == 80 and\tip.addr == 300.1.1.1"));
        String[] lines = e.pointer("  ").split("\\R");
        assertEquals("  tcp.port == 80 and\tip.addr == 300.1.1.1", lines[0]);
        assertEquals("  " + " ".repeat(18) + "\t" + " ".repeat(11) + "^" + "~".repeat(8), lines[1]);
        assertEquals(lines[0].indexOf("300"), lines[1].indexOf('^'));
        assertEquals(9, e.length());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "\t"})
    void emptyFiltersMatchEverything(String expression) throws FilterSyntaxException {
        DisplayFilter f = DisplayFilter.compile(expression);
        assertTrue(f.isEmpty());
        assertTrue(f.referencedFields().isEmpty());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "tcp", "tcp.port == 80", "tcp.port eq 80", "tcp.port any_eq 80", "tcp.port all_ne 80", "tcp.port all_eq 80",
        "tcp.port any_ne 80", "TCP.PORT == 80 or tcp", "tcp.port==80&&!tls||mqtt", "not not tcp", "!!tcp",
        "tcp.port in {80,443,8000..8080}", "tcp.port in { 80 }", "mqtt.topic in {\"a\", b}", "ip.addr in {10.0.0.0/8, 127.0.0.1}",
        "ipv6.addr == ::", "ipv6.addr == ::ffff:1.2.3.4", "ipv6.addr == 1:2:3:4:5:6:7:8", "ipv6.addr == fe80::/10",
        "tcp.flags.syn == true", "tcp.flags.syn == False", "tcp.len == -1", "tcp.len == 0b101", "tcp.len == 0X1F",
        "frame.time_relative >= 1e-3", "frame.time_relative < .5", "mqtt.topic == r\"a\\b\"", "mqtt.topic == \"\\x41\\101\\u00e9\\n\"",
        "tcp.payload contains \"GET\"", "tcp.payload == 16-03-01", "tcp.payload == 160301", "eth.addr == ff:ff:ff:ff:ff:ff",
        "eth.src == FF-FF-FF-FF-FF-FF", "mqtt.topic ~ \"(?i)SDK\"", "phase == teardown", "ls.phase in {tcp-handshake, teardown}",
        "tcp.srcport < tcp.dstport", "mqtt.topic contains mqtt.clientid",
    })
    void validExpressionsCompile(String expression) throws FilterSyntaxException {
        if (expression.startsWith("TCP.PORT")) {
            // field names are case-sensitive, as in Wireshark
            assertThrows(FilterSyntaxException.class, () -> DisplayFilter.compile(expression));
            return;
        }
        DisplayFilter f = DisplayFilter.compile(expression);
        assertEquals(expression, f.expression());
        assertTrue(!f.isEmpty());
    }
}
