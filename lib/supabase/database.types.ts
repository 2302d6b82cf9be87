// TEMPORARY SHIM (issue 6) until issue 5 lands the generated file at this path: the minimal `Database` type of the
// check_ins and predictions tables from docs/contracts. Replace with the generated file (`npm run db:types`).
export type Json = string | number | boolean | null | { [key: string]: Json | undefined } | Json[];

export type Database = {
  public: {
    Tables: {
      check_ins: {
        Row: {
          id: string;
          user_id: string;
          checkin_date: string;
          mood: number;
          energy: number;
          stress: number;
          sleep_hours: number | null;
          activity_minutes: number | null;
          notes: string | null;
          created_at: string;
        };
        Insert: {
          id?: string;
          user_id?: string;
          checkin_date?: string;
          mood: number;
          energy: number;
          stress: number;
          sleep_hours?: number | null;
          activity_minutes?: number | null;
          notes?: string | null;
          created_at?: string;
        };
        Update: Partial<Database["public"]["Tables"]["check_ins"]["Insert"]>;
        Relationships: [];
      };
      predictions: {
        Row: {
          id: string;
          user_id: string;
          checkin_id: string;
          prediction_type: string;
          model_name: string;
          model_version: string;
          label: string | null;
          score: number | null;
          probabilities: Json | null;
          created_at: string;
        };
        Insert: {
          id?: string;
          user_id?: string;
          checkin_id: string;
          prediction_type: string;
          model_name: string;
          model_version: string;
          label?: string | null;
          score?: number | null;
          probabilities?: Json | null;
          created_at?: string;
        };
        Update: Partial<Database["public"]["Tables"]["predictions"]["Insert"]>;
        Relationships: [];
      };
    };
    Views: { [_ in never]: never };
    Functions: { [_ in never]: never };
    Enums: { [_ in never]: never };
    CompositeTypes: { [_ in never]: never };
  };
};
