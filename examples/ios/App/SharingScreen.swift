// Consent and sharing: your sharing code; each care-team member with what
// they may see now, their pairing (Pair, or the fingerprint), their grants
// (revocable in one tap), "Share with them…" (a grant) and "Send update" (the
// encrypted bundle through the share sheet); after a revoke, the notice that
// tells their device to delete your data; "Add a member"; and every
// disclosure ever made; at the bottom, "For clinicians" (the care team's
// side: ClinicianScreen.swift). Adding a member is AddMemberScreen.swift, a
// grant ConsentScreen.swift; pairing and the share files are in SendScreen.swift.
import CadenceBindings
import CadenceKit
import SwiftUI

@MainActor
struct SharingScreen: View {
    @EnvironmentObject private var model: AppModel
    @State private var state: SharingState?
    @State private var identity: ShareIdentity?
    @State private var pairing: MemberSharing?
    @State private var adding = false
    /// The member the consent sheet is open for.
    @State private var consent: ConsentTarget?
    /// The share file written last, for the share sheet (writing another deletes it).
    @State private var ready: ShareFile?
    /// The member whose grant was just revoked: offer the deletion notice.
    @State private var noticeFor: String?
    @State private var writing = false
    @State private var problem: String?

    var body: some View {
        NavigationStack {
            List {
                YourCodeSection(identity: identity)
                Section {
                    NavigationLink {
                        DevicesScreen().environmentObject(model)
                    } label: {
                        Label("Your devices", systemImage: "ipad.and.iphone")
                    }
                } footer: {
                    Text("Keep your phone and tablet in step, private notes included.")
                }
                ForEach(state?.members ?? []) { sharing in memberSection(sharing) }
                Section {
                    Button { adding = true } label: { Label("Add a member", systemImage: "person.badge.plus") }
                } footer: {
                    if state?.members.isEmpty == true {
                        Text("Add your therapist, prescriber, pharmacist or a caregiver. Nothing is shared with anyone until you choose what they may see.")
                    }
                }
                Section("Who saw what") {
                    ForEach(Array((state?.disclosures ?? []).enumerated()), id: \.offset) { item in
                        VStack(alignment: .leading) {
                            Text("\(item.element.memberName): \(item.element.records) records (\(item.element.kind))")
                            Text(item.element.at.formatted(date: .abbreviated, time: .shortened))
                                .font(.caption).foregroundStyle(.secondary)
                        }
                    }
                }
                Section {
                    NavigationLink {
                        ClinicianScreen()
                    } label: {
                        Label("For clinicians", systemImage: "stethoscope")
                    }
                } footer: {
                    Text("A therapist or prescriber using Cadence: pair your clients and open the updates they send.")
                }
                if let problem { Text(problem).foregroundStyle(.red) }
            }
            .navigationTitle("Sharing")
            .sheet(item: $pairing) { sharing in
                let member = sharing.member
                PairingSheet(
                    title: Text("Pair with \(member.name)"), askLabel: false,
                    hint: Text("Enter the pairing code \(member.name)'s Cadence shows, or paste it from their message."),
                    compare: Text("Compare it with the one on their device. If they differ, do not send anything: ask them to show their code again."),
                    pair: { client, _, code in try client.pairRecipient(member.id, pairingCode: code) }
                ) { await load() }.environmentObject(model)
            }
            .sheet(isPresented: $adding) {
                AddMemberScreen { await load() }.environmentObject(model)
            }
            .sheet(item: $consent) { target in
                ConsentScreen(target: target) { await load() }.environmentObject(model)
            }
            .refreshable { await load() }
            .task { await load() }
        }
    }

    /// A member: what they may see now, their device, their grants (Revoke), "Share with them…" and the share files.
    private func memberSection(_ sharing: MemberSharing) -> some View {
        Section {
            if sharing.sharedNow.isEmpty {
                Text("Sees nothing")
            } else {
                Text("Sees: \(SharingWords.categories(sharing.sharedNow))")
            }
            if sharing.receivesAlerts { Text("Receives missed-dose alerts") }
            if !sharing.member.contact.isEmpty {
                LabeledContent(SharingWords.channel(sharing.member.channel), value: sharing.member.contact)
            }
            if let key = sharing.pairing, !sharing.verified {
                // No Send before the comparison.
                PairingCheckView(pairingId: key.id, theirs: key.fingerprint) { await load() }
            } else if let key = sharing.pairing {
                LabeledContent("Key fingerprint", value: key.fingerprint)
            } else {
                Button("Pair with their Cadence") { pairing = sharing }
            }
            ForEach(sharing.grants) { grant in
                HStack {
                    Text(SharingWords.grant(grant))
                    Spacer()
                    if grant.revocable {
                        Button("Revoke", role: .destructive) { revoke(grant.id, of: sharing) }
                    } else {
                        Text(SharingWords.status(grant.status)).foregroundStyle(.secondary)
                    }
                }
            }
            Button("Share with them…") { share(with: sharing.member) }
            if ShareFile.canSend(sharing) {
                Button("Send update") { send(sharing) }.disabled(writing)
            }
            if noticeFor == sharing.id, sharing.pairing != nil {
                VStack(alignment: .leading, spacing: 2) {
                    Button("Tell their device to delete your data", role: .destructive) { notify(sharing) }
                        .disabled(writing)
                    Text("Their Cadence deletes what you sent; nothing more goes to it until you pair again.")
                        .font(.caption).foregroundStyle(.secondary)
                }
            }
            if let ready, ready.memberId == sharing.id {
                ShareFileRow(file: ready, memberName: sharing.member.name)
            }
        } header: {
            Text("\(sharing.member.name) · \(SharingWords.role(sharing.member.role))")
        }
    }

    private func load() async {
        do {
            state = try await model.run { client in try SharingState.load(client) }
            problem = nil
        } catch {
            problem = "\(error)"
        }
        guard identity == nil else { return }
        do {
            // Made on first use: the sharing keys, sealed by the share secret from the Keychain.
            identity = try await model.run { client in try client.shareIdentity(keySecret: KeyStore.shareSecret()) }
        } catch {
            problem = "\(error)"
        }
    }

    /// Opens the consent sheet: nothing ticked, data from today (the profile's day).
    private func share(with member: CareMember) {
        Task {
            do {
                let today = try await model.run { client in try client.localDate() }
                consent = ConsentTarget(member: member, today: today)
            } catch {
                problem = "\(error)"
            }
        }
    }

    private func revoke(_ grantId: String, of sharing: MemberSharing) {
        Task {
            do {
                _ = try await model.run { client in try client.revoke(grantId) }
                model.refreshReminders() // caregiver alerts may stop
                if sharing.pairing != nil { noticeFor = sharing.id }
                await load()
            } catch {
                problem = "\(error)"
            }
        }
    }

    /// The member's granted data of the last 30 days, encrypted for their device.
    private func send(_ sharing: MemberSharing) {
        write { client, secret in
            try ShareFile.bundle(client, keySecret: secret, member: sharing, dir: shareFilesDir(), to: try client.localDate())
        }
    }

    private func notify(_ sharing: MemberSharing) {
        write { client, secret in try ShareFile.revocation(client, keySecret: secret, member: sharing, dir: shareFilesDir()) }
    }

    /// Writes a share file off the main thread (a bundle is audited), then
    /// offers it to the share sheet and reloads (the audit list; a notice ends the pairing).
    private func write(_ body: @escaping (CadenceClient, Data) throws -> ShareFile) {
        writing = true
        Task {
            defer { writing = false }
            do {
                let file = try await model.run { client in try body(client, try KeyStore.shareSecret()) }
                ready = file
                if file.kind == .revocation { noticeFor = nil }
                await load()
            } catch {
                problem = "\(error)"
            }
        }
    }
}
