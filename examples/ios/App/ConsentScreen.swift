// "Share with them…", the consent sheet of the Sharing tab
// (SharingScreen.swift): a grant built on the kit's ConsentDraft. Deny by
// default: nothing is ticked and the data starts today; the person ticks
// categories (Grant follows canGrant), may move the start, end the data at a
// date, let the grant end by itself and say why. For a caregiver, "Missed-dose
// alerts only" is the other kind of grant (GrantKind.alertOnly: alerts, no
// data). Granting discloses nothing: a member sees data only in an update
// the person sends. A field the core refuses is shown under its part.
import CadenceBindings
import CadenceKit
import SwiftUI

/// The member a consent sheet is for, and their first day of data (today, in the profile's zone).
struct ConsentTarget: Identifiable {
    let member: CareMember
    let today: LocalDate
    var id: String { member.id }
}

@MainActor
struct ConsentScreen: View {
    let target: ConsentTarget
    /// Called after a grant, before the sheet closes (the list reloads).
    let granted: () async -> Void
    @EnvironmentObject private var model: AppModel
    @Environment(\.dismiss) private var dismiss
    @State private var draft: ConsentDraft
    /// A caregiver's other kind of grant: missed-dose alerts, no data.
    @State private var alertsOnly = false
    @State private var invalid: (field: String, reason: String)?
    @State private var failure: String?
    @State private var granting = false

    /// The fields shown under their part of the sheet; others go at the bottom.
    private static let shown = ["consent.categories", "grant.categories", "consent.data_to", "consent.expires_at", "consent.purpose"]

    init(target: ConsentTarget, granted: @escaping () async -> Void) {
        self.target = target
        self.granted = granted
        _draft = State(initialValue: ConsentDraft(target.member.id, dataFrom: target.today))
    }

    var body: some View {
        NavigationStack {
            Form {
                if target.member.role == .caregiver {
                    Section {
                        Toggle("Missed-dose alerts only", isOn: $alertsOnly)
                    } footer: {
                        Text("A separate kind of consent: it allows alerts to them when a dose is missed, naming no medication, and shares none of your data.")
                    }
                }
                if !alertsOnly {
                    Section {
                        ForEach(ConsentCategory.declarationOrder, id: \.self) { category in
                            Toggle(SharingWords.category(category), isOn: Binding(
                                get: { draft.categories.contains(category) },
                                set: { _ in draft = draft.toggle(category) }
                            ))
                        }
                        problem(["consent.categories", "grant.categories"])
                    } header: {
                        Text("What may \(target.member.name) see?")
                    }
                    Section("Which data") {
                        DatePicker("From", selection: dataFrom, displayedComponents: .date)
                        Toggle("Only up to a date", isOn: endsData)
                        if draft.dataTo != nil {
                            DatePicker("Up to", selection: dataTo, in: noon(draft.dataFrom)..., displayedComponents: .date)
                        }
                        problem(["consent.data_to"])
                    }
                }
                Section {
                    Toggle("Ends by itself", isOn: expires)
                    if draft.expiresAt != nil {
                        DatePicker("Last day", selection: lastDay, in: noon(target.today)..., displayedComponents: .date)
                    }
                    problem(["consent.expires_at"])
                    TextField("Why (optional), e.g. for our sessions", text: purpose, axis: .vertical)
                    problem(["consent.purpose"])
                } footer: {
                    footer
                }
                if let invalid, !Self.shown.contains(invalid.field) {
                    Text("Not granted: \(invalid.field): \(invalid.reason)").foregroundStyle(.red)
                }
                if let failure {
                    Text(failure).foregroundStyle(.red)
                }
            }
            .navigationTitle(Text("Share with \(target.member.name)"))
            .navigationBarTitleDisplayMode(.inline)
            .toolbar {
                ToolbarItem(placement: .cancellationAction) { Button("Cancel") { dismiss() } }
                ToolbarItem(placement: .confirmationAction) {
                    Button("Grant") { grant() }.disabled(granting || !(alertsOnly || draft.canGrant))
                }
            }
        }
    }

    /// Nothing leaves the phone on Grant; alerts-only is a caregiver's separate choice.
    private var footer: Text {
        let revocable = Text("You can revoke a grant at any time.")
        if alertsOnly { return revocable }
        let sending: Text = Text("Granting sends nothing: \(target.member.name) sees this data only in an update you send them.")
            + Text(" ") + Text("Send update appears once their Cadence is paired.") + Text(" ") + revocable
        guard target.member.role != .caregiver else { return sending }
        return sending + Text(" ") + Text("Missed-dose alerts without any data are a separate choice, offered for caregivers.")
    }

    /// The refused field's reason, under the part of the sheet it belongs to.
    @ViewBuilder private func problem(_ fields: [String]) -> some View {
        if let invalid, fields.contains(invalid.field) {
            Text("Not granted: \(invalid.reason)").foregroundStyle(.red)
        }
    }

    // ConsentDraft's fields are constants (Kotlin's val): each change below is
    // a new draft with the same categories (`with`).

    private var dataFrom: Binding<Date> {
        Binding(get: { noon(draft.dataFrom) }, set: { picked in
            let from = LocalDate(picked, in: TimeZone.current)
            draft = draft.with(dataFrom: from, dataTo: draft.dataTo.map { max($0, from) }, expiresAt: draft.expiresAt,
                               purpose: draft.purpose)
        })
    }

    /// On: the data ends today (or on its first day, if later); off: open-ended.
    private var endsData: Binding<Bool> {
        Binding(get: { draft.dataTo != nil }, set: { on in
            draft = draft.with(dataFrom: draft.dataFrom, dataTo: on ? max(draft.dataFrom, target.today) : nil,
                               expiresAt: draft.expiresAt, purpose: draft.purpose)
        })
    }

    private var dataTo: Binding<Date> {
        Binding(get: { noon(draft.dataTo ?? draft.dataFrom) }, set: { picked in
            draft = draft.with(dataFrom: draft.dataFrom, dataTo: LocalDate(picked, in: TimeZone.current),
                               expiresAt: draft.expiresAt, purpose: draft.purpose)
        })
    }

    /// On: the grant ends after 90 days; off: it lasts until revoked.
    private var expires: Binding<Bool> {
        Binding(get: { draft.expiresAt != nil }, set: { on in
            draft = draft.with(dataFrom: draft.dataFrom, dataTo: draft.dataTo,
                               expiresAt: on ? endOf(target.today.plusDays(90)) : nil, purpose: draft.purpose)
        })
    }

    /// The grant's last day: it ends at the midnight after it.
    private var lastDay: Binding<Date> {
        Binding(get: {
            noon(LocalDate((draft.expiresAt ?? endOf(target.today)).addingTimeInterval(-1), in: TimeZone.current))
        }, set: { picked in
            draft = draft.with(dataFrom: draft.dataFrom, dataTo: draft.dataTo,
                               expiresAt: endOf(LocalDate(picked, in: TimeZone.current)), purpose: draft.purpose)
        })
    }

    private var purpose: Binding<String> {
        Binding(get: { draft.purpose }, set: { text in
            draft = draft.with(dataFrom: draft.dataFrom, dataTo: draft.dataTo, expiresAt: draft.expiresAt, purpose: text)
        })
    }

    /// A day for a DatePicker: its noon in the device's zone.
    private func noon(_ day: LocalDate) -> Date { day.atTime(LocalTime(12, 0), in: TimeZone.current) }

    /// The midnight after `day` in the device's zone.
    private func endOf(_ day: LocalDate) -> Date { day.plusDays(1).atTime(LocalTime(0, 0), in: TimeZone.current) }

    /// Grants the draft off the main thread (ConsentDraft.grant), or, for a
    /// caregiver, alerts only: no categories and no end to the data (the core's rule).
    private func grant() {
        let draft = self.draft, alertsOnly = self.alertsOnly
        granting = true
        Task {
            defer { granting = false }
            do {
                // Saved reconciles reminders: caregiver alerts may start (an alert-only or dose-log grant).
                invalid = try await model.save { client -> GrantRow in
                    guard alertsOnly else { return try draft.grant(client) }
                    return try GrantRow.from(client.grant(draft.memberId, categories: [], dataFrom: draft.dataFrom,
                                                          expiresAt: draft.expiresAt, purpose: draft.purpose, kind: .alertOnly))
                }
                failure = nil
                if invalid == nil {
                    await granted()
                    dismiss()
                }
            } catch {
                failure = "\(error)"
            }
        }
    }
}

private extension ConsentDraft {
    /// This draft with other dates or purpose, the same member and categories.
    func with(dataFrom: LocalDate, dataTo: LocalDate?, expiresAt: Date?, purpose: String) -> ConsentDraft {
        ConsentDraft(memberId, categories: categories, dataFrom: dataFrom, dataTo: dataTo, expiresAt: expiresAt, purpose: purpose)
    }
}
