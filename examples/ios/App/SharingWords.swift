// The words of the Sharing tab: care-team roles, how a member prefers to be
// reached, the consent categories, a grant in a line and its status.
// Localizable (String(localized:)). The pickers and the consent sheet list
// the cases in the core's order: the `declarationOrder` lists below, which
// check-bindings.py checks name every generated case (the kit's list of
// ConsentCategory is internal to CadenceKit, hence the app's own).
import CadenceBindings
import CadenceKit
import SwiftUI

extension MemberRole {
    static let declarationOrder: [MemberRole] = [.therapist, .prescriber, .pharmacist, .caregiver, .other]
}

extension ContactChannel {
    static let declarationOrder: [ContactChannel] = [.phone, .sms, .email, .portal, .inPerson, .unspecified]
}

extension ConsentCategory {
    static let declarationOrder: [ConsentCategory] = [
        .medicationList, .doseLog, .mood, .sideEffects, .questionnaires, .substanceUse, .goals, .shareableNotes, .carePlan,
    ]
}

enum SharingWords {
    /// "Therapist".
    static func role(_ role: MemberRole) -> String {
        switch role {
        case .therapist: return String(localized: "Therapist")
        case .prescriber: return String(localized: "Prescriber")
        case .pharmacist: return String(localized: "Pharmacist")
        case .caregiver: return String(localized: "Caregiver")
        case .other: return String(localized: "Other")
        }
    }

    /// "Text message".
    static func channel(_ channel: ContactChannel) -> String {
        switch channel {
        case .phone: return String(localized: "Phone call")
        case .sms: return String(localized: "Text message")
        case .email: return String(localized: "E-mail")
        case .portal: return String(localized: "Patient portal or secure messaging")
        case .inPerson: return String(localized: "In person, at appointments")
        case .unspecified: return String(localized: "Not stated")
        }
    }

    /// "Doses taken and missed".
    static func category(_ category: ConsentCategory) -> String {
        switch category {
        case .medicationList: return String(localized: "Medication list")
        case .doseLog: return String(localized: "Doses taken and missed")
        case .mood: return String(localized: "Mood")
        case .sideEffects: return String(localized: "Side effects")
        case .questionnaires: return String(localized: "Questionnaires (PHQ-9, GAD-7)")
        case .substanceUse: return String(localized: "Alcohol and substance use")
        case .goals: return String(localized: "Goals")
        case .shareableNotes: return String(localized: "Notes you marked shareable")
        case .carePlan: return String(localized: "Care plan")
        }
    }

    /// "Medication list, Mood", in the core's order.
    static func categories(_ categories: some Collection<ConsentCategory>) -> String {
        ConsentCategory.declarationOrder.filter { categories.contains($0) }.map { category($0) }.joined(separator: ", ")
    }

    /// "Mood, Side effects · from 14 Mar 2027 · ends 1 Jun 2027, 00:00", or "Missed-dose alerts only".
    static func grant(_ grant: GrantRow) -> String {
        var parts: [String]
        switch grant.kind {
        case .alertOnly:
            parts = [String(localized: "Missed-dose alerts only")]
        case .data:
            let from = ScheduleWords.date(grant.dataFrom)
            let period = grant.dataTo.map { String(localized: "\(from) to \(ScheduleWords.date($0))") }
                ?? String(localized: "from \(from)")
            parts = [categories(grant.categories), period]
        }
        if let ends = grant.expiresAt, grant.status == .active {
            parts.append(String(localized: "ends \(ends.formatted(date: .abbreviated, time: .shortened))"))
        }
        return parts.joined(separator: " · ")
    }

    /// "revoked".
    static func status(_ status: GrantStatus) -> String {
        switch status {
        case .active: return String(localized: "active")
        case .revoked: return String(localized: "revoked")
        case .expired: return String(localized: "expired")
        }
    }
}
