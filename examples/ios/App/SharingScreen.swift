// Consent and sharing: each care-team member with what they may see now and
// their grants (revocable in one tap), and every disclosure ever made.
import CadenceBindings
import CadenceKit
import SwiftUI

@MainActor
struct SharingScreen: View {
    @EnvironmentObject private var model: AppModel
    @State private var state: SharingState?
    @State private var problem: String?

    var body: some View {
        NavigationStack {
            List {
                ForEach(state?.members ?? []) { sharing in
                    Section(sharing.member.name) {
                        Text(sharing.sharedNow.isEmpty
                             ? "Sees nothing"
                             : "Sees: " + sharing.sharedNow.map { "\($0)" }.sorted().joined(separator: ", "))
                        if sharing.receivesAlerts { Text("Receives missed-dose alerts") }
                        if let key = sharing.pairing { LabeledContent("Key fingerprint", value: key.fingerprint) }
                        ForEach(sharing.grants) { grant in
                            HStack {
                                Text("\(grant.categories.map { "\($0)" }.joined(separator: ", ")) from \(grant.dataFrom.toIso())")
                                Spacer()
                                if grant.revocable {
                                    Button("Revoke", role: .destructive) { revoke(grant.id) }
                                } else {
                                    Text("\(grant.status)").foregroundStyle(.secondary)
                                }
                            }
                        }
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
                if let problem { Text(problem).foregroundStyle(.red) }
            }
            .navigationTitle("Sharing")
            .refreshable { await load() }
            .task { await load() }
        }
    }

    private func load() async {
        do {
            state = try await model.run { client in try SharingState.load(client) }
        } catch {
            problem = "\(error)"
        }
    }

    private func revoke(_ grantId: String) {
        Task {
            do {
                _ = try await model.run { client in try client.revoke(grantId) }
                model.refreshReminders() // caregiver alerts may stop
                await load()
            } catch {
                problem = "\(error)"
            }
        }
    }
}
