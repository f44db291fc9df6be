import { z } from 'zod';

export const SignInSchema = z.object({
  email: z.string({ error: 'Enter your email address' }).trim().min(1, 'Enter your email address').max(320),
  password: z.string({ error: 'Enter your password' }).min(1, 'Enter your password').max(1000),
});

export const SecondStepSchema = z.object({
  code: z
    .string({ error: 'Enter the code from your authenticator app' })
    .trim()
    .min(1, 'Enter the code from your authenticator app')
    .max(50, 'Enter the 6-digit code from your authenticator app, or a recovery code'),
});

export const TokenRequestSchema = SignInSchema.extend({
  /** The code from an authenticator app (or a recovery code), for people with two-factor sign-in. */
  otp: z.string().trim().min(1, 'Enter the code from your authenticator app').max(50).optional(),
});

export const TokenResponseSchema = z.object({ token: z.string(), expiresAt: z.string() });

export const MeSchema = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  role: z.string(),
  organisationId: z.string(),
});
