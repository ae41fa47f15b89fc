package org.layerscope.dissect.other;

import java.util.ArrayList;
import java.util.List;
import org.layerscope.dissect.ip.Addresses;
import org.layerscope.model.Field;
import org.pcap4j.packet.DnsDomainName;
import org.pcap4j.packet.DnsPacket;
import org.pcap4j.packet.DnsQuestion;
import org.pcap4j.packet.DnsRDataA;
import org.pcap4j.packet.DnsRDataAaaa;
import org.pcap4j.packet.DnsRDataCName;
import org.pcap4j.packet.DnsRDataNs;
import org.pcap4j.packet.DnsRDataPtr;
import org.pcap4j.packet.DnsRDataSoa;
import org.pcap4j.packet.DnsResourceRecord;

/** DNS over UDP: the header, questions and resource records with their offsets, and Wireshark's Info. */
final class Dns {
    private Dns() {
    }

    private static int at(int off, int rel) {
        return off < 0 ? -1 : off + rel;
    }

    private static int len(int off, int n) {
        return off < 0 ? 0 : n;
    }

    static OtherPacket dissect(DnsPacket dns, int off, Field tree) {
        DnsPacket.DnsHeader h = dns.getHeader();
        byte[] raw = h.getRawData();
        int id = h.getId() & 0xffff;
        int flags = raw.length >= 4 ? ((raw[2] & 0xff) << 8) | (raw[3] & 0xff) : 0;
        int opcode = h.getOpCode().value() & 0xff;
        int rcode = h.getrCode().value() & 0xff;
        boolean response = h.isResponse();
        String opName = WsNames.dnsOpcode(opcode);
        Field d = tree.add("dns", off, len(off, raw.length), null,
                "Domain Name System (" + (response ? "response" : "query") + ")");
        d.add("dns.id", at(off, 0), len(off, 2), id, String.format("Transaction ID: 0x%04x", id));
        Field f = d.add("dns.flags", at(off, 2), len(off, 2), flags, String.format("Flags: 0x%04x %s%s", flags, opName,
                response ? " response" : ""));
        f.add("dns.flags.response", at(off, 2), len(off, 2), response ? 1 : 0,
                "Response: Message is a " + (response ? "response" : "query"));
        f.add("dns.flags.opcode", at(off, 2), len(off, 2), opcode, "Opcode: " + opName + " (" + opcode + ")");
        f.add("dns.flags.recdesired", at(off, 2), len(off, 2), h.isRecursionDesired() ? 1 : 0,
                "Recursion desired: " + h.isRecursionDesired());
        if (response) {
            f.add("dns.flags.authoritative", at(off, 2), len(off, 2), h.isAuthoritativeAnswer() ? 1 : 0,
                    "Authoritative: " + h.isAuthoritativeAnswer());
            f.add("dns.flags.recavail", at(off, 2), len(off, 2), h.isRecursionAvailable() ? 1 : 0,
                    "Recursion available: " + h.isRecursionAvailable());
            f.add("dns.flags.rcode", at(off, 2), len(off, 2), rcode, "Reply code: " + WsNames.dnsRcode(rcode) + " (" + rcode + ")");
        }
        d.add("dns.count.queries", at(off, 4), len(off, 2), h.getQdCountAsInt(), "Questions: " + h.getQdCountAsInt());
        d.add("dns.count.answers", at(off, 6), len(off, 2), h.getAnCountAsInt(), "Answer RRs: " + h.getAnCountAsInt());
        d.add("dns.count.auth_rr", at(off, 8), len(off, 2), h.getNsCountAsInt(), "Authority RRs: " + h.getNsCountAsInt());
        d.add("dns.count.add_rr", at(off, 10), len(off, 2), h.getArCountAsInt(), "Additional RRs: " + h.getArCountAsInt());

        StringBuilder info = new StringBuilder(opName);
        if (response) {
            info.append(" response");
        }
        info.append(String.format(" 0x%04x", id));
        if (response && rcode != 0) {
            info.append(' ').append(WsNames.dnsRcode(rcode));
        }
        int pos = 12;
        String firstName = null;
        String firstType = null;
        if (!h.getQuestions().isEmpty()) {
            Field qs = d.add("dns.queries", at(off, pos), 0, null, "Queries");
            for (DnsQuestion q : h.getQuestions()) {
                String name = name(q.getQName(), raw);
                int nameLen = q.getQName().length();
                int type = q.getQType().value() & 0xffff;
                int cls = q.getQClass().value() & 0xffff;
                Field qf = qs.add("dns.qry", at(off, pos), len(off, q.length()), null,
                        name + ": type " + WsNames.dnsType(type) + ", class " + (cls == 1 ? "IN" : String.valueOf(cls)));
                qf.add("dns.qry.name", at(off, pos), len(off, nameLen), name, "Name: " + name);
                qf.add("dns.qry.type", at(off, pos + nameLen), len(off, 2), type, "Type: " + WsNames.dnsType(type) + " (" + type + ")");
                qf.add("dns.qry.class", at(off, pos + nameLen + 2), len(off, 2), cls, String.format("Class: 0x%04x", cls));
                info.append(' ').append(WsNames.dnsType(type)).append(' ').append(name);
                if (firstName == null) {
                    firstName = name;
                    firstType = WsNames.dnsType(type);
                }
                pos += q.length();
            }
        }
        List<String> addresses = new ArrayList<>();
        pos = records(h.getAnswers(), "dns.answers", "Answers", d, off, pos, raw, info, addresses);
        pos = records(h.getAuthorities(), "dns.authorities", "Authoritative nameservers", d, off, pos, raw, info, null);
        records(h.getAdditionalInfo(), "dns.additionals", "Additional records", d, off, pos, raw, info, null);

        OtherPacket.Dns facts = new OtherPacket.Dns(id, response, rcode, WsNames.dnsRcode(rcode), firstName, firstType,
                List.copyOf(addresses));
        boolean address = "A".equals(firstType) || "AAAA".equals(firstType);
        String label = response && rcode != 0 ? "DNS error" : (address ? "DNS " : "DNS " + firstType + " ")
                + (response ? "response" : "query");
        String expl = !response ? "expl.dns.query" : rcode == 3 ? "expl.dns.nxdomain" : rcode != 0 ? "expl.dns.error"
                : "expl.dns.response";
        return new OtherPacket("DNS", info.toString(), label, expl, facts);
    }

    private static int records(List<DnsResourceRecord> rrs, String listName, String title, Field d, int off, int pos,
                               byte[] raw, StringBuilder info, List<String> addresses) {
        if (rrs.isEmpty()) {
            return pos;
        }
        Field list = d.add(listName, at(off, pos), 0, null, title);
        for (DnsResourceRecord rr : rrs) {
            String name = name(rr.getName(), raw);
            int nameLen = rr.getName().length();
            int type = rr.getDataType().value() & 0xffff;
            String typeName = WsNames.dnsType(type);
            Field r = list.add("dns.rr", at(off, pos), len(off, rr.length()), null, name + ": type " + typeName);
            r.add("dns.resp.name", at(off, pos), len(off, nameLen), name, "Name: " + name);
            r.add("dns.resp.type", at(off, pos + nameLen), len(off, 2), type, "Type: " + typeName + " (" + type + ")");
            int data = pos + nameLen + 10;
            int rdLen = rr.getRdLengthAsInt();
            String shown = null;
            if (type != 41) {
                r.add("dns.resp.ttl", at(off, pos + nameLen + 4), len(off, 4), rr.getTtlAsLong(), "Time to live: " + rr.getTtlAsLong());
            } else {
                int size = rr.getDataClass().value() & 0xffff;
                r.add("dns.rr.udp_payload_size", at(off, pos + nameLen + 2), len(off, 2), size, "UDP payload size: " + size);
            }
            r.add("dns.resp.len", at(off, pos + nameLen + 8), len(off, 2), rdLen, "Data length: " + rdLen);
            if (rr.getRData() instanceof DnsRDataA a) {
                shown = a.getAddress().getHostAddress();
                r.add("dns.a", at(off, data), len(off, 4), shown, "Address: " + shown);
            } else if (rr.getRData() instanceof DnsRDataAaaa a) {
                shown = Addresses.format(a.getAddress().getAddress());
                r.add("dns.aaaa", at(off, data), len(off, 16), shown, "AAAA Address: " + shown);
            } else if (rr.getRData() instanceof DnsRDataCName c) {
                shown = name(c.getCName(), raw);
                r.add("dns.cname", at(off, data), len(off, rdLen), shown, "CNAME: " + shown);
            } else if (rr.getRData() instanceof DnsRDataPtr p) {
                shown = name(p.getPtrDName(), raw);
                r.add("dns.ptr.domain_name", at(off, data), len(off, rdLen), shown, "Domain Name: " + shown);
            } else if (rr.getRData() instanceof DnsRDataNs n) {
                shown = name(n.getNsDName(), raw);
                r.add("dns.ns", at(off, data), len(off, rdLen), shown, "Name Server: " + shown);
            } else if (rr.getRData() instanceof DnsRDataSoa s) {
                shown = name(s.getMName(), raw);
                r.add("dns.soa.mname", at(off, data), len(off, s.getMName().length()), shown, "Primary name server: " + shown);
            }
            info.append(' ').append(typeName);
            if (shown != null) {
                info.append(' ').append(shown);
                if (addresses != null && (type == 1 || type == 28)) {
                    addresses.add(shown);
                }
            }
            pos += rr.length();
        }
        return pos;
    }

    /** At most this many octets in a name, as RFC 1035 (3.1) allows; longer ones are shown as bad. */
    static final int MAX_NAME_OCTETS = 255;
    /** At most this many compression pointers followed for one name (a name has at most 127 labels). */
    static final int MAX_POINTERS = 128;
    static final String BAD_NAME = "<bad name>";

    /**
     * A domain name, compression pointers followed through the message ({@code raw}); the root is "<Root>". The
     * pointers are followed here in a loop, not by pcap4j's {@code decompress} (which recurses once per pointer and
     * rebuilds the whole name at each step: a 32 KB message of 4,000 names pointing at each other took 42 s), and a
     * name longer than 255 octets or with more than 128 pointers (a loop) is {@value #BAD_NAME}.
     */
    private static String name(DnsDomainName n, byte[] raw) {
        List<String> first = n.getLabels();
        StringBuilder s = new StringBuilder();
        int octets = 0;
        for (String l : first) {
            octets += l.length() + 1;
            if (octets > MAX_NAME_OCTETS) {
                return BAD_NAME;
            }
            s.append(s.isEmpty() ? "" : ".").append(l);
        }
        Integer pointer = n.getPointerAsInt();
        int hops = 0;
        while (pointer != null) {
            if (++hops > MAX_POINTERS) {
                return BAD_NAME;
            }
            // as pcap4j joined them: the labels before a pointer, ".", the labels it points at
            s.append('.');
            int p = pointer;
            pointer = null;
            boolean firstLabel = true;
            while (true) {
                if (p >= raw.length) {
                    return BAD_NAME;
                }
                int len = raw[p] & 0xff;
                if (len == 0) {
                    break;
                }
                if ((len & 0xc0) == 0xc0) {
                    if (p + 1 >= raw.length) {
                        return BAD_NAME;
                    }
                    pointer = ((len & 0x3f) << 8) | (raw[p + 1] & 0xff);
                    break;
                }
                if ((len & 0xc0) != 0 || p + 1 + len > raw.length) {
                    return BAD_NAME;
                }
                octets += len + 1;
                if (octets > MAX_NAME_OCTETS) {
                    return BAD_NAME;
                }
                // the platform's charset, as pcap4j decodes the labels it parses itself
                s.append(firstLabel ? "" : ".").append(new String(raw, p + 1, len));
                firstLabel = false;
                p += 1 + len;
            }
        }
        String r = s.toString();
        if (r.startsWith(".")) {
            r = r.substring(1); // pcap4j puts a dot before a name that is only a compression pointer
        }
        return r.isEmpty() ? "<Root>" : r;
    }
}
