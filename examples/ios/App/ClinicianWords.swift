// The words of the care team's side (ClinicianScreen.swift,
// ClientUpdateScreen.swift): a client's update periods, percentages, the
// adherence trend and barriers, symptoms and their severity, questionnaire
// bands, and what an empty section means (not shared, or nothing in the
// period). Localizable (String(localized:)).
import CadenceBindings
import CadenceKit
import Foundation

enum ClinicianWords {
    /// "14 Mar 2027" (the ISO date as written, should it not parse).
    static func date(_ iso: IsoDate) -> String {
        (try? isoDate(iso)).map { ScheduleWords.date($0) } ?? iso
    }

    /// "1 Mar 2027 – 30 Mar 2027", or one date for a one-day period.
    static func period(_ from: IsoDate, _ to: IsoDate) -> String {
        from == to ? date(from) : "\(date(from)) – \(date(to))"
    }

    /// "67 %" of a percentage 0...100; "–" without one (nothing due).
    static func percent(_ value: Double?) -> String {
        guard let value else { return "–" }
        return (value / 100).formatted(.percent.precision(.fractionLength(0)))
    }

    /// A mood average on the -3...+3 scale, "1.5"; "–" without check-ins in that half.
    static func average(_ value: Double?) -> String {
        guard let value else { return "–" }
        return value.formatted(.number.precision(.fractionLength(1)))
    }

    /// "Higher than 1 Feb 2027 – 28 Feb 2027 (+6 points)".
    static func trend(_ trend: Trend) -> String {
        let before = period(trend.previousFrom, trend.previousTo)
        let points = trend.changePoints.map { String(format: "%+.0f", $0) } ?? "?"
        switch trend.direction {
        case .higher: return String(localized: "Higher than \(before) (\(points) points)")
        case .lower: return String(localized: "Lower than \(before) (\(points) points)")
        case .steady: return String(localized: "Steady since \(before)")
        case .notComparable: return String(localized: "No earlier period to compare")
        }
    }

    /// The three most frequent skip reasons: "Forgot (4), Ran out (2)".
    static func barriers(_ barriers: [BarrierCount]) -> String {
        barriers.prefix(3).map { "\(ClinicianWords.reason($0.reason)) (\($0.count))" }.joined(separator: ", ")
    }

    /// "Could not get to the pharmacy".
    static func reason(_ reason: SkipReason) -> String {
        switch reason {
        case .sideEffects: return String(localized: "Side effects")
        case .forgot: return String(localized: "Forgot")
        case .ranOut: return String(localized: "Ran out")
        case .cost: return String(localized: "Cost")
        case .couldNotGetToPharmacy: return String(localized: "Could not get to the pharmacy")
        case .feltBetter: return String(localized: "Felt better")
        case .feltWorse: return String(localized: "Felt worse")
        case .other: return String(localized: "Other")
        }
    }

    /// "Dry mouth".
    static func symptom(_ symptom: Symptom) -> String {
        switch symptom {
        case .nausea: return String(localized: "Nausea")
        case .sleepiness: return String(localized: "Sleepiness")
        case .insomnia: return String(localized: "Insomnia")
        case .weightChange: return String(localized: "Weight change")
        case .sexualSideEffects: return String(localized: "Sexual side effects")
        case .restlessness: return String(localized: "Restlessness")
        case .tremor: return String(localized: "Tremor")
        case .dizziness: return String(localized: "Dizziness")
        case .headache: return String(localized: "Headache")
        case .rash: return String(localized: "Rash")
        case .dryMouth: return String(localized: "Dry mouth")
        case .constipation: return String(localized: "Constipation")
        case .diarrhoea: return String(localized: "Diarrhoea")
        case .sweating: return String(localized: "Sweating")
        case .fatigue: return String(localized: "Fatigue")
        case .appetiteChange: return String(localized: "Appetite change")
        case .emotionalBlunting: return String(localized: "Emotional blunting")
        case .other: return String(localized: "Other symptom")
        }
    }

    /// "moderate".
    static func severity(_ severity: Severity) -> String {
        switch severity {
        case .none: return String(localized: "none")
        case .mild: return String(localized: "mild")
        case .moderate: return String(localized: "moderate")
        case .severe: return String(localized: "severe")
        }
    }

    /// "PHQ-9".
    static func instrument(_ instrument: Instrument) -> String {
        switch instrument {
        case .phq9: return String(localized: "PHQ-9")
        case .gad7: return String(localized: "GAD-7")
        }
    }

    /// "Moderately severe".
    static func band(_ band: SeverityBand) -> String {
        switch band {
        case .minimal: return String(localized: "Minimal")
        case .mild: return String(localized: "Mild")
        case .moderate: return String(localized: "Moderate")
        case .moderatelySevere: return String(localized: "Moderately severe")
        case .severe: return String(localized: "Severe")
        }
    }

    /// What an empty section of `category` means, given the categories
    /// the client `shared` for the update.
    static func empty(_ category: ConsentCategory, shared: Set<ConsentCategory>) -> String {
        shared.contains(category) ? String(localized: "None in this period") : String(localized: "Not shared")
    }
}
